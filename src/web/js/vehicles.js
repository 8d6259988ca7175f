// @ts-check
/**
 * Live vehicles on the map and in the side list. Websocket snapshots are only stored on arrival;
 * one requestAnimationFrame pass applies the latest snapshot of every changed vehicle, updating
 * the existing marker, trail and list row in place (no DOM rebuilds), so 20 vehicles at 10 Hz
 * cost a handful of attribute writes per frame.
 */
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { isWarningOrWorse } from './alerts.js';

/** Telemetry older than this marks the link as stale (the service's conformance uses 3 s too). */
export const STALE_MS = 3000;
const TRAIL_POINTS = 120;
const TRAIL_MIN_STEP_DEG = 0.00002; // ≈ 2 m
export const COMMANDS = /** @type {const} */ ([
  ['hold', 'Hold'],
  ['rtl', 'RTL'],
  ['land', 'Land'],
]);

/**
 * @typedef {{id: string, sysid?: number, connected?: boolean, armed?: boolean, mode?: string, status?: string,
 *   landed?: string, lat?: number, lon?: number, relAltM?: number, altAmslM?: number, speedMps?: number,
 *   climbMps?: number, headingDeg?: number, gps?: {fix: number, sats: number}, battery?: {pct: number, v: number, state?: string},
 *   mission?: {seq: number, total: number, reached?: number}, text?: {severity: string, text: string, serial: number}, updatedAtMs?: number}} Telemetry
 * @typedef {{marker: any, arrow: HTMLElement, label: HTMLElement, trail: any, points: [number, number][],
 *   row: HTMLElement, cells: Record<string, HTMLElement>, status: HTMLElement, last: Telemetry, seenAt: number, linkState: string}} Entry
 */

export class VehicleLayer {
  /**
   * @param {any} map Leaflet map
   * @param {HTMLElement} list the <ul> of vehicles
   * @param {{events: import('./events.js').EventHub, canCommand: boolean, onCommand: (id: string, command: string) => Promise<string>}} opts
   *   draws every "telemetry" event; publishes an "alert" for a status text of warning or worse and for a stale or lost link
   */
  constructor(map, list, opts) {
    this.map = map;
    this.list = list;
    this.opts = opts;
    opts.events.on('telemetry', (frame) => this.receive(frame));
    /** @type {Map<string, Entry>} */
    this.entries = new Map();
    /** @type {Map<string, Telemetry>} latest snapshot not yet drawn */
    this.pending = new Map();
    this.frameRequested = false;
    this.staleTimer = setInterval(() => this.checkStale(), 1000);
  }

  /** Merge a websocket telemetry frame; drawing waits for the next animation frame. @param {Record<string, Telemetry>} vehicles */
  receive(vehicles) {
    for (const [id, v] of Object.entries(vehicles)) this.pending.set(id, { ...this.pending.get(id), ...v, id });
    if (!this.frameRequested) {
      this.frameRequested = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    this.frameRequested = false;
    const now = performance.now();
    for (const [id, v] of this.pending) {
      const e = this.entries.get(id) ?? this.create(id);
      // The hub may repeat an unchanged snapshot; only a newer position report proves the link alive.
      if (v.updatedAtMs === undefined || v.updatedAtMs !== e.last.updatedAtMs) e.seenAt = now;
      this.apply(e, v);
    }
    this.pending.clear();
  }

  /** @param {string} id @returns {Entry} */
  create(id) {
    const root = document.createElement('div');
    root.className = 'veh';
    root.innerHTML = '<svg class="veh-arrow" viewBox="-12 -12 24 24" aria-hidden="true"><path d="M0,-11 L8,9 L0,4 L-8,9 Z"/></svg><span class="veh-label"></span>';
    const arrow = /** @type {HTMLElement} */ (root.firstElementChild);
    const label = /** @type {HTMLElement} */ (root.lastElementChild);
    const marker = L.marker(HAMBURG_NOWHERE, { icon: L.divIcon({ html: root, className: 'veh-icon', iconSize: [24, 24], iconAnchor: [12, 12] }), keyboard: false, title: id });
    const trail = L.polyline([], { pane: 'trails', color: '#0550ae', weight: 2, opacity: 0.7, interactive: false });
    root.dataset.vehicle = id;

    const row = document.createElement('li');
    row.className = 'vehicle-row';
    row.dataset.vehicle = id;
    /** @type {Record<string, HTMLElement>} */
    const cells = {};
    const head = document.createElement('div');
    head.className = 'vehicle-head';
    const focus = document.createElement('button');
    focus.type = 'button';
    focus.className = 'link-button';
    focus.textContent = id;
    focus.setAttribute('aria-label', `Show ${id} on the map`);
    focus.addEventListener('click', () => {
      const ll = marker.getLatLng();
      if (this.map.hasLayer(marker)) this.map.setView(ll, Math.max(this.map.getZoom(), 15));
    });
    head.append(focus);
    for (const k of ['link', 'mode', 'alt', 'speed', 'battery', 'gps', 'mission']) {
      const s = document.createElement('span');
      s.className = `cell cell-${k}`;
      cells[k] = s;
      if (k === 'link') head.append(s);
    }
    const facts = document.createElement('div');
    facts.className = 'vehicle-facts';
    facts.append(cells.mode, cells.alt, cells.speed, cells.battery, cells.gps, cells.mission);
    row.append(head, facts);
    const status = document.createElement('div');
    status.className = 'vehicle-status';
    status.setAttribute('role', 'status');
    if (this.opts.canCommand) {
      const bar = document.createElement('div');
      bar.className = 'commands';
      for (const [command, text] of COMMANDS) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = `cmd cmd-${command}`;
        b.textContent = text;
        b.setAttribute('aria-label', `${text} ${id}`);
        b.addEventListener('click', async () => {
          b.disabled = true;
          status.textContent = `${text}: sending…`;
          try {
            status.textContent = await this.opts.onCommand(id, command);
          } catch (err) {
            status.textContent = `${text} failed: ${err instanceof Error ? err.message : String(err)}`;
          } finally {
            b.disabled = false;
          }
        });
        bar.append(b);
      }
      row.append(bar);
    }
    row.append(status);
    const rows = [...this.list.children];
    this.list.insertBefore(row, rows.find((r) => (/** @type {HTMLElement} */ (r).dataset.vehicle ?? '') > id) ?? null);

    /** @type {Entry} */
    const e = { marker, arrow, label, trail, points: [], row, cells, status, last: { id }, seenAt: 0, linkState: '' };
    this.entries.set(id, e);
    return e;
  }

  /** @param {Entry} e @param {Telemetry} v */
  apply(e, v) {
    const prev = e.last;
    e.last = v;
    if (v.lat !== undefined && v.lon !== undefined) {
      if (!this.map.hasLayer(e.marker)) {
        e.marker.addTo(this.map);
        e.trail.addTo(this.map);
      }
      if (v.lat !== prev.lat || v.lon !== prev.lon) e.marker.setLatLng([v.lat, v.lon]);
      const tail = e.points[e.points.length - 1];
      if (!tail || Math.abs(tail[0] - v.lat) + Math.abs(tail[1] - v.lon) > TRAIL_MIN_STEP_DEG) {
        e.points.push([v.lat, v.lon]);
        if (e.points.length > TRAIL_POINTS) e.points.shift();
        e.trail.setLatLngs(e.points);
      }
      e.row.dataset.lat = v.lat.toFixed(6);
      e.row.dataset.lon = v.lon.toFixed(6);
    }
    if (v.headingDeg !== undefined && v.headingDeg !== prev.headingDeg) e.arrow.style.transform = `rotate(${Math.round(v.headingDeg)}deg)`;
    const alt = v.relAltM === undefined ? '–' : `${v.relAltM.toFixed(0)} m`;
    const speed = v.speedMps === undefined ? '–' : `${v.speedMps.toFixed(1)} m/s`;
    const bat = v.battery && v.battery.pct >= 0 ? `${Math.round(v.battery.pct)}%` : '–';
    setText(e.label, `${v.id} · ${v.mode ?? '?'} · ${alt} · ${speed} · ${bat}`);
    setText(e.cells.mode, `${v.mode ?? '?'}${v.armed ? ' · armed' : ''}`);
    setText(e.cells.alt, `alt ${alt}`);
    setText(e.cells.speed, speed);
    setText(e.cells.battery, `battery ${bat}`);
    setText(e.cells.gps, v.gps ? `GPS fix ${v.gps.fix} · ${v.gps.sats} sats` : 'GPS –');
    setText(e.cells.mission, v.mission && v.mission.total > 0 ? `mission item ${v.mission.seq + 1}/${v.mission.total}` : '');
    if (v.relAltM !== undefined) e.row.dataset.relAltM = String(v.relAltM);
    e.row.dataset.armed = String(Boolean(v.armed));
    e.arrow.classList.toggle('armed', Boolean(v.armed));
    if (v.text && v.text.serial !== prev.text?.serial && isWarningOrWorse(v.text.severity)) {
      this.opts.events.emit('alert', { alert: { vehicle: v.id, severity: v.text.severity, code: 'STATUSTEXT', message: v.text.text }, source: 'local' });
    }
    this.setLink(e, v.connected === false ? 'lost' : performance.now() - e.seenAt > STALE_MS ? 'stale' : 'ok');
  }

  /** @param {Entry} e @param {string} state */
  setLink(e, state) {
    if (e.linkState === state) return;
    const before = e.linkState;
    e.linkState = state;
    e.row.dataset.link = state;
    e.arrow.classList.toggle('stale', state !== 'ok');
    setText(e.cells.link, state === 'ok' ? 'link ok' : state === 'stale' ? 'link stale' : 'link lost');
    if (before && state !== 'ok') {
      const alert = { vehicle: e.row.dataset.vehicle, severity: state === 'lost' ? 'critical' : 'warning', code: `LINK_${state.toUpperCase()}`, message: state === 'lost' ? 'link lost: no heartbeat from the vehicle' : `telemetry stale: no position report for ${STALE_MS / 1000} s` };
      this.opts.events.emit('alert', { alert, source: 'local' });
    }
  }

  checkStale() {
    const now = performance.now();
    for (const e of this.entries.values()) if (e.linkState === 'ok' && now - e.seenAt > STALE_MS) this.setLink(e, 'stale');
  }

  destroy() {
    clearInterval(this.staleTimer);
    for (const e of this.entries.values()) {
      e.marker.remove();
      e.trail.remove();
      e.row.remove();
    }
    this.entries.clear();
  }
}

const HAMBURG_NOWHERE = /** @type {[number, number]} */ ([0, 0]);

/** @param {HTMLElement} el @param {string} text */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
