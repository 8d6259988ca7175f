// @ts-check
/**
 * Optional alert sound for ground staff: a short tone for a warning, two for critical or worse.
 * Generated with WebAudio (no audio files to load, nothing leaves the server). Off by default; the
 * choice is kept in localStorage. Browsers only allow sound after a user gesture — the checkbox
 * click is that gesture, so the AudioContext is created there.
 */

const KEY = 'elbflug.alertSound';
const CRITICAL = ['emergency', 'alert', 'critical', 'error'];

export class AlertSound {
  /** Sounds for every "alert-shown" event. @param {HTMLInputElement} checkbox @param {import('./events.js').EventHub} events */
  constructor(checkbox, events) {
    this.checkbox = checkbox;
    events.on('alert-shown', (e) => this.alert(e.severity));
    /** @type {AudioContext | undefined} */
    this.ctx = undefined;
    /** tones started, for the status line and tests */
    this.played = 0;
    checkbox.checked = localStorage.getItem(KEY) === 'on';
    checkbox.addEventListener('change', () => {
      localStorage.setItem(KEY, checkbox.checked ? 'on' : 'off');
      if (checkbox.checked) {
        this.context();
        this.tone(0, 660); // so the user hears what it will sound like
      }
    });
  }

  /** @returns {AudioContext} */
  context() {
    this.ctx ??= new AudioContext();
    if (this.ctx.state === 'suspended') void this.ctx.resume();
    return this.ctx;
  }

  /** Sound for a new alert of this severity (nothing when switched off). @param {string | undefined} severity */
  alert(severity) {
    if (!this.checkbox.checked) return;
    const critical = CRITICAL.includes(String(severity ?? '').toLowerCase());
    this.tone(0, critical ? 880 : 660);
    if (critical) this.tone(0.25, 880);
  }

  /** @param {number} delayS @param {number} hz */
  tone(delayS, hz) {
    const ctx = this.context();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    const t = ctx.currentTime + delayS;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.2, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.2);
    this.played++;
  }
}
