// @ts-check
/**
 * The alerts list: alerts pushed by the service (ws topic "alerts"), plus the ones the map derives
 * itself (vehicle status texts of severity warning or worse, link stale/lost). Acknowledge goes to
 * POST /api/alerts/:id/ack when the service offers it; until then it is kept in this browser only.
 */

const MAX_ALERTS = 200;
const SEVERITY_ORDER = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];

/**
 * @typedef {{id?: string | number, vehicle?: string, vehicleId?: string | null, code?: string, severity?: string, message?: string, atMs?: number, at?: string, delivery?: string}} Alert
 * @typedef {Alert & {cleared?: boolean, clearedAt?: string | null, acknowledgedBy?: string | null}} IncomingAlert
 */

export class AlertList {
  /**
   * @param {HTMLElement} list <ol> for the alerts
   * @param {HTMLElement} counter badge showing the number of unacknowledged alerts
   * @param {{events: import('./events.js').EventHub, ackRemote?: (id: string) => Promise<void>}} opts shows every "alert" event;
   *   publishes "alert-shown" for each new, live, unacknowledged one (the sound); ackRemote only when the endpoint exists
   */
  constructor(list, counter, opts) {
    this.list = list;
    this.counter = counter;
    this.opts = opts;
    opts.events.on('alert', (e) => this.add(e.alert, e.source, { history: e.history }));
    /** @type {Set<string>} */
    this.seen = new Set();
    this.unacked = 0;
    this.localSeq = 0;
  }

  /**
   * @param {IncomingAlert} a
   * @param {'service' | 'local'} source @param {{history?: boolean}} [o] history: loaded at start, not live (no sound)
   */
  add(a, source = 'service', o = {}) {
    const id = a.id === undefined ? `local-${++this.localSeq}` : String(a.id);
    if (this.seen.has(id)) {
      // The service reports the end of a condition (e.g. back inside the corridor) under the same id.
      if (a.cleared) this.list.querySelector(`[data-alert-id="${CSS.escape(id)}"]`)?.classList.add('cleared');
      return;
    }
    if (a.cleared) return;
    this.seen.add(id);
    const severity = (a.severity ?? 'warning').toLowerCase();
    const li = document.createElement('li');
    li.className = `alert sev-${severity}`;
    li.dataset.alertId = id;
    li.dataset.code = a.code ?? '';
    const time = document.createElement('time');
    const at = a.at ? new Date(a.at) : new Date(a.atMs ?? Date.now());
    time.dateTime = at.toISOString();
    time.textContent = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const sev = document.createElement('span');
    sev.className = 'sev';
    sev.textContent = severity;
    const what = document.createElement('span');
    what.className = 'alert-text';
    const vehicle = a.vehicle ?? a.vehicleId;
    what.textContent = `${vehicle ? `${vehicle}: ` : ''}${a.message ?? a.code ?? 'alert'}${a.code ? ` (${a.code})` : ''}`;
    const ack = document.createElement('button');
    ack.type = 'button';
    ack.className = 'ack';
    ack.textContent = 'Acknowledge';
    ack.setAttribute('aria-label', `Acknowledge ${what.textContent}`);
    ack.addEventListener('click', () => this.acknowledge(li, id, source === 'service' && a.id !== undefined, ack));
    li.append(sev, time, what, ack);
    if (a.clearedAt) li.classList.add('cleared');
    this.list.prepend(li);
    this.setUnacked(this.unacked + 1);
    if (a.acknowledgedBy) {
      li.classList.add('acked');
      ack.disabled = true;
      ack.textContent = `Acknowledged by ${a.acknowledgedBy}`;
      this.setUnacked(this.unacked - 1);
    } else if (!o.history && !a.clearedAt) this.opts.events.emit('alert-shown', { severity });
    while (this.list.children.length > MAX_ALERTS) {
      const last = /** @type {HTMLElement} */ (this.list.lastElementChild);
      if (!last.classList.contains('acked')) this.setUnacked(this.unacked - 1);
      last.remove();
    }
  }

  /** @param {HTMLElement} li @param {string} id @param {boolean} remote @param {HTMLButtonElement} button */
  async acknowledge(li, id, remote, button) {
    button.disabled = true;
    try {
      if (remote && this.opts.ackRemote) await this.opts.ackRemote(id);
      li.classList.add('acked');
      button.textContent = remote && this.opts.ackRemote ? 'Acknowledged' : 'Acknowledged (this browser)';
      this.setUnacked(this.unacked - 1);
    } catch (e) {
      button.disabled = false;
      button.textContent = `Acknowledge (failed: ${e instanceof Error ? e.message : String(e)})`;
    }
  }

  /** @param {number} n */
  setUnacked(n) {
    this.unacked = Math.max(0, n);
    this.counter.textContent = String(this.unacked);
    this.counter.hidden = this.unacked === 0;
  }
}

/** @param {string | undefined} severity @returns {boolean} warning or worse */
export function isWarningOrWorse(severity) {
  const i = SEVERITY_ORDER.indexOf(String(severity ?? '').toLowerCase());
  return i >= 0 && i <= SEVERITY_ORDER.indexOf('warning');
}
