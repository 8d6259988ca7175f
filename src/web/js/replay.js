// @ts-check
/**
 * Flight replay: the stored flights (GET /api/flights), and for one of them its replay
 * (GET /api/flights/:id/replay): the planned route, corridor and rally points, a marker with a trail
 * that follows the recorded samples, play/pause, seek, playback speed, and the alerts and events
 * listed as playback passes them. The clock is flight time in ms from the flight's start.
 */
import * as L from '/vendor/leaflet/leaflet-src.esm.js';

/** Seconds before the flight record to include: a delivery's flight starts after arming. */
const LEAD_IN_S = 10;

/**
 * @typedef {{tMs: number, lat: number, lon: number, relAltM: number, headingDeg: number | null, groundSpeedMps: number | null, mode: string | null, armed: boolean, batteryPct: number | null}} Sample
 * @typedef {{tMs: number, text: string, kind: string, severity?: string}} LogEntry
 */

/** "1:05", "-0:05" @param {number} ms */
export function clock(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  return `${ms < 0 ? '−' : ''}${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Index of the last sample at or before t (0 when t is before the first). @param {Sample[]} samples @param {number} t */
export function sampleAt(samples, t) {
  let lo = 0;
  let hi = samples.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (/** @type {Sample} */ (samples[mid]).tMs <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * @param {{api: import('./api.js').Api, map: any, el: HTMLElement, available: boolean}} opts
 */
export function setupReplay({ api, map, el, available }) {
  const q = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (el.querySelector(sel));
  const list = q('.replay-flights');
  const status = q('.replay-status');
  const player = q('.replay-player');
  const title = q('.replay-title');
  const play = /** @type {HTMLButtonElement} */ (q('.replay-play'));
  const speed = /** @type {HTMLSelectElement} */ (q('.replay-speed'));
  const seek = /** @type {HTMLInputElement} */ (q('.replay-seek'));
  const time = q('.replay-time');
  const now = q('.replay-now');
  const log = q('.replay-log');

  /** @type {{id: string, samples: Sample[], entries: {entry: LogEntry, li: HTMLElement}[], layer: any, marker: any, arrow: HTMLElement, label: HTMLElement, trail: any, trailIndex: number, t: number, startMs: number, endMs: number, opener?: HTMLElement} | undefined} */
  let cur;
  let playing = false;
  let lastFrame = 0;

  async function load() {
    status.textContent = 'Loading flights…';
    try {
      const flights = await api.get('/flights');
      list.replaceChildren(...flights.map(row));
      status.textContent = flights.length ? '' : 'No flights recorded yet.';
    } catch (e) {
      status.textContent = `Flights could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** @param {any} f */
  function row(f) {
    const li = document.createElement('li');
    li.className = 'replay-flight';
    li.dataset.flight = f.id;
    const start = new Date(f.startedAt);
    const dur = f.endedAt ? clock(Date.parse(f.endedAt) - start.getTime()) : 'in flight';
    const text = document.createElement('span');
    text.textContent = `${f.vehicleId ?? `sysid ${f.vehicleSysid ?? '?'}`} · ${start.toLocaleString()} · ${dur}${f.deliveryId ? ` · delivery ${f.deliveryId.slice(0, 8)}` : ''}`;
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Replay';
    b.setAttribute('aria-label', `Replay flight of ${f.vehicleId ?? 'vehicle'} at ${start.toLocaleString()}`);
    b.disabled = !f.tlog;
    if (!f.tlog) b.title = 'no tlog was recorded for this flight';
    b.addEventListener('click', () => void open(f.id, b));
    li.append(text, b);
    return li;
  }

  /** @param {string} id @param {HTMLElement} [opener] */
  async function open(id, opener) {
    close(false);
    status.textContent = 'Loading the replay…';
    let r;
    try {
      r = await api.get(`/flights/${encodeURIComponent(id)}/replay?leadInS=${LEAD_IN_S}`);
    } catch (e) {
      status.textContent = `Replay failed: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    /** @type {Sample[]} */
    const samples = r.samples;
    if (!samples.length) {
      status.textContent = `No positions of ${r.flight.vehicleId ?? 'this vehicle'} in the flight's tlog${r.skippedBytes ? ` (${r.skippedBytes} bytes could not be read)` : ''}.`;
      return;
    }
    const layer = L.layerGroup().addTo(map);
    if (r.plan) {
      L.geoJSON(r.plan.corridor, { interactive: false, style: (/** @type {any} */ f) => (f?.properties?.kind === 'corridor' ? { color: '#6639ba', weight: 1, fillColor: '#6639ba', fillOpacity: 0.08, className: 'replay-corridor' } : { color: '#b2182b', weight: 1, dashArray: '3 3', fillOpacity: 0.05, className: 'replay-fence' }) }).addTo(layer);
      L.geoJSON(r.plan.route, {
        style: () => ({ color: '#6639ba', weight: 3, opacity: 0.9, className: 'replay-route' }),
        pointToLayer: (/** @type {any} */ _f, /** @type {any} */ ll) => L.circleMarker(ll, { radius: 6, color: '#6639ba', fillColor: '#fff', fillOpacity: 1 }),
      }).addTo(layer);
      for (const p of r.plan.rally) L.circleMarker([p.lat, p.lon], { radius: 5, color: '#116329', weight: 2, className: 'replay-rally' }).bindTooltip('rally point').addTo(layer);
    }
    const trail = L.polyline([], { color: '#0550ae', weight: 3, opacity: 0.8, interactive: false, className: 'replay-trail' }).addTo(layer);
    const root = document.createElement('div');
    root.className = 'veh replay-veh';
    root.innerHTML = '<svg class="veh-arrow" viewBox="-12 -12 24 24" aria-hidden="true"><path d="M0,-11 L8,9 L0,4 L-8,9 Z"/></svg><span class="veh-label"></span>';
    const first = /** @type {Sample} */ (samples[0]);
    const marker = L.marker([first.lat, first.lon], { icon: L.divIcon({ html: root, className: 'veh-icon', iconSize: [24, 24], iconAnchor: [12, 12] }), keyboard: false, title: `replay of ${r.flight.vehicleId ?? 'vehicle'}` }).addTo(layer);

    const last = /** @type {Sample} */ (samples[samples.length - 1]);
    // a delivery's last transition may be written a moment after the last position in the log
    const within = (/** @type {number} */ t) => t >= first.tMs && t <= last.tMs + 5000;
    /** @type {LogEntry[]} */
    const merged = [
      ...r.events,
      ...r.alerts.map((/** @type {any} */ a) => ({ tMs: a.tMs, kind: 'alert', severity: a.severity, text: `${a.severity} ${a.code}: ${a.message}` })),
      ...(r.delivery?.transitions ?? []).filter((/** @type {any} */ t) => within(t.tMs)).map((/** @type {any} */ t) => ({ tMs: t.tMs, kind: 'delivery', text: `delivery ${t.to.replace('_', ' ')}: ${t.cause}` })),
    ].sort((a, b) => a.tMs - b.tMs);
    const endMs = Math.max(last.tMs, ...merged.filter((e) => within(e.tMs)).map((e) => e.tMs));
    const entries = merged.map((entry) => {
      const li = document.createElement('li');
      li.className = `replay-entry replay-${entry.kind}${entry.severity ? ` severity-${entry.severity.toLowerCase()}` : ''}`;
      li.dataset.tMs = String(entry.tMs);
      li.textContent = `${clock(entry.tMs)} ${entry.text}`;
      li.hidden = true;
      return { entry, li };
    });
    log.replaceChildren(...entries.map((e) => e.li));

    cur = { id, samples, entries, layer, marker, arrow: /** @type {HTMLElement} */ (root.firstElementChild), label: /** @type {HTMLElement} */ (root.lastElementChild), trail, trailIndex: -1, t: first.tMs, startMs: first.tMs, endMs, ...(opener ? { opener } : {}) };
    seek.min = String(first.tMs);
    seek.max = String(endMs);
    seek.value = String(first.tMs);
    const f = r.flight;
    title.textContent = `${f.vehicleId ?? 'vehicle'} · ${new Date(f.startedAt).toLocaleString()}${r.delivery ? ` · delivery ${r.delivery.id.slice(0, 8)} (${r.delivery.state.replace('_', ' ')})` : ''}${r.skippedBytes ? ` · ${r.skippedBytes} unreadable bytes skipped` : ''}`;
    player.hidden = false;
    player.dataset.flight = id;
    status.textContent = `${samples.length} positions, ${r.events.length} events, ${r.alerts.length} alerts.`;
    try {
      const bounds = L.latLngBounds(samples.map((s) => [s.lat, s.lon]));
      if (r.plan) bounds.extend(L.geoJSON(r.plan.route).getBounds());
      map.fitBounds(bounds, { padding: [40, 40] });
    } catch {
      /* one point only */
    }
    render();
    play.focus();
  }

  /** Draw everything for cur.t. */
  function render() {
    if (!cur) return;
    const { samples } = cur;
    const i = sampleAt(samples, cur.t);
    const s = /** @type {Sample} */ (samples[i]);
    const n = samples[i + 1];
    // between two samples, glide: the marker moves smoothly at any playback speed
    const k = n && n.tMs > s.tMs && cur.t > s.tMs ? Math.min(1, (cur.t - s.tMs) / (n.tMs - s.tMs)) : 0;
    const lat = n ? s.lat + (n.lat - s.lat) * k : s.lat;
    const lon = n ? s.lon + (n.lon - s.lon) * k : s.lon;
    cur.marker.setLatLng([lat, lon]);
    if (i !== cur.trailIndex) {
      if (i > cur.trailIndex && cur.trailIndex >= 0) for (let j = cur.trailIndex + 1; j <= i; j++) cur.trail.addLatLng([/** @type {Sample} */ (samples[j]).lat, /** @type {Sample} */ (samples[j]).lon]);
      else cur.trail.setLatLngs(samples.slice(0, i + 1).map((x) => [x.lat, x.lon]));
      cur.trailIndex = i;
    }
    if (s.headingDeg !== null) cur.arrow.style.transform = `rotate(${Math.round(s.headingDeg)}deg)`;
    cur.arrow.classList.toggle('armed', s.armed);
    const facts = `${s.mode ?? '?'}${s.armed ? ' · armed' : ''} · ${Math.round(s.relAltM) || 0} m · ${s.groundSpeedMps === null ? '–' : `${s.groundSpeedMps.toFixed(1)} m/s`} · battery ${s.batteryPct === null ? '–' : `${Math.round(s.batteryPct)}%`}`;
    setText(cur.label, `${clock(cur.t)} · ${facts}`);
    setText(now, facts);
    setText(time, `${clock(cur.t)} / ${clock(cur.endMs)}`);
    seek.value = String(Math.round(cur.t));
    seek.setAttribute('aria-valuetext', `${clock(cur.t)} of ${clock(cur.endMs)}`);
    player.dataset.tMs = String(Math.round(cur.t));
    player.dataset.lat = lat.toFixed(7);
    player.dataset.lon = lon.toFixed(7);
    // alerts and events appear as playback passes them; the latest one passed is the current one
    let current;
    for (const e of cur.entries) {
      const passed = e.entry.tMs <= cur.t;
      if (e.li.hidden === passed) e.li.hidden = !passed;
      if (passed) current = e;
    }
    for (const e of cur.entries) {
      const on = e === current;
      if (e.li.classList.contains('current') !== on) {
        e.li.classList.toggle('current', on);
        if (on) {
          e.li.setAttribute('aria-current', 'true');
          // keep the current entry in view inside the list (not scrolling the side panel)
          if (e.li.offsetTop < log.scrollTop || e.li.offsetTop + e.li.offsetHeight > log.scrollTop + log.clientHeight) log.scrollTop = e.li.offsetTop - log.clientHeight / 2;
        } else e.li.removeAttribute('aria-current');
      }
    }
  }

  /** @param {number} ts */
  function frame(ts) {
    if (!playing || !cur) return;
    cur.t = Math.min(cur.endMs, cur.t + (ts - lastFrame) * Number(speed.value));
    lastFrame = ts;
    render();
    if (cur.t >= cur.endMs) setPlaying(false);
    else requestAnimationFrame(frame);
  }

  /** @param {boolean} on */
  function setPlaying(on) {
    if (on && cur && cur.t >= cur.endMs) cur.t = cur.startMs; // play again from the start
    playing = on && cur !== undefined;
    play.textContent = playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(playing));
    player.dataset.playing = String(playing);
    if (playing) {
      lastFrame = performance.now();
      requestAnimationFrame(frame);
    }
  }

  /** @param {boolean} refocus */
  function close(refocus) {
    setPlaying(false);
    if (!cur) return;
    cur.layer.remove();
    const opener = cur.opener;
    cur = undefined;
    player.hidden = true;
    delete player.dataset.flight;
    log.replaceChildren();
    if (refocus) opener?.focus();
  }

  play.addEventListener('click', () => setPlaying(!playing));
  seek.addEventListener('input', () => {
    if (!cur) return;
    // the range's steps count from its minimum, so End may stop short of the last sample: snap to the ends
    const v = Number(seek.value);
    const step = Number(seek.step) || 1;
    cur.t = cur.endMs - v < step ? cur.endMs : v - cur.startMs < step ? cur.startMs : v;
    render();
  });
  q('.replay-close').addEventListener('click', () => {
    close(true);
    status.textContent = '';
  });
  q('.replay-refresh').addEventListener('click', () => void load());
  if (available) void load();
  else {
    status.textContent = 'Replay is not available on this service yet.';
    /** @type {HTMLButtonElement} */ (q('.replay-refresh')).disabled = true;
  }
  return { load, open };
}

/** @param {HTMLElement} el @param {string} text */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
