// @ts-check
/**
 * Deliveries: the list (GET /api/deliveries, then live "delivery" events from the websocket with
 * launch progress), and for operators Launch on a vehicle and Abort. Rows are kept and updated in
 * place by delivery id.
 */

import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { RouteProgress } from './route-progress.js';
import { exportButton } from './plan-panel.js';

const ACTIVE = ['uploading', 'ready', 'in_flight', 'delivered'];
const LAUNCHABLE = ['planned', 'ready'];

/**
 * @typedef {{id: string, state: string, vehicleId?: string | null, vehicle?: string, progress?: {step: string, done?: number, total?: number}, cause?: string, request?: any}} DeliveryLike
 */

export class DeliveryList {
  /**
   * @param {HTMLElement} list
   * @param {{events: import('./events.js').EventHub, api: import('./api.js').Api, map: any, canCommand: boolean, canExport?: boolean}} opts
   *   shows every "delivery" event; follows "telemetry" for progress along the route and for the vehicles to launch on
   */
  constructor(list, opts) {
    this.list = list;
    this.opts = opts;
    /** @type {Set<string>} vehicles seen in telemetry, offered for a launch */
    this.vehicleIds = new Set();
    opts.events.on('delivery', (d) => this.upsert(d));
    opts.events.on('telemetry', (frame) => {
      for (const id of Object.keys(frame)) this.vehicleIds.add(id);
      this.track(frame);
    });
    /** @type {Map<string, any>} planned route on the map, per active delivery */
    this.routes = new Map();
    /** @type {Map<string, RouteProgress>} progress along the planned route, per active delivery */
    this.along = new Map();
    /** @type {Map<string, {row: HTMLElement, title: HTMLElement, state: HTMLElement, detail: HTMLElement, select?: HTMLSelectElement, launch?: HTMLButtonElement, abort?: HTMLButtonElement, progress?: HTMLElement, bar?: HTMLProgressElement, text?: HTMLElement}>} */
    this.rows = new Map();
  }

  async load() {
    const list = await this.opts.api.get('/deliveries?limit=20');
    for (const d of [...(Array.isArray(list) ? list : [])].reverse()) this.upsert(d);
  }

  /** A record from the API or an event from the websocket. @param {DeliveryLike} d */
  upsert(d) {
    const r = this.rows.get(d.id) ?? this.create(d);
    // The websocket event ({id, state}) may arrive before the API's record, which carries the request.
    const from = d.request?.from;
    const to = d.request?.to;
    if (from && to) r.title.textContent = `${d.id.slice(0, 8)} · ${from.lat.toFixed(4)}, ${from.lon.toFixed(4)} → ${to.lat.toFixed(4)}, ${to.lon.toFixed(4)}`;
    if (!d.state) return;
    r.row.dataset.state = d.state;
    r.state.textContent = d.state.replace('_', ' ');
    const vehicle = d.vehicle ?? d.vehicleId;
    if (vehicle) r.row.dataset.vehicle = vehicle;
    const bits = [vehicle && `on ${vehicle}`, d.progress && progressText(d.progress), d.cause].filter(Boolean);
    if (bits.length) r.detail.textContent = bits.join(' · ');
    if (r.launch && r.select) r.launch.disabled = r.select.disabled = !LAUNCHABLE.includes(d.state);
    if (r.abort) r.abort.disabled = !ACTIVE.includes(d.state);
    this.showRoute(d.id, ACTIVE.includes(d.state));
  }

  /** Active deliveries show their planned route, so ground staff see where each vehicle should be. @param {string} id @param {boolean} on */
  showRoute(id, on) {
    const have = this.routes.get(id);
    if (!on) {
      if (have) have.remove?.();
      this.routes.delete(id);
      this.along.delete(id);
      return;
    }
    if (have) return;
    this.routes.set(id, 'loading');
    this.opts.api.get(`/deliveries/${encodeURIComponent(id)}`).then(
      (/** @type {any} */ rec) => {
        const geojson = rec?.plan?.route?.geojson;
        if (this.routes.get(id) !== 'loading' || !geojson) return;
        const layer = L.geoJSON(geojson, {
          style: () => ({ color: '#6639ba', weight: 3, opacity: 0.8, dashArray: '2 6', className: `delivery-route delivery-route-${id}` }),
          pointToLayer: (_f, ll) => L.circleMarker(ll, { radius: 6, color: '#6639ba', fillColor: '#fff', fillOpacity: 1 }),
        })
          .bindTooltip(`delivery ${id.slice(0, 8)}`)
          .addTo(this.opts.map);
        this.routes.set(id, layer);
        const line = geojson.features?.find((/** @type {any} */ f) => f.properties?.kind === 'route' && f.geometry?.type === 'LineString');
        if (line) this.along.set(id, new RouteProgress(line.geometry.coordinates));
      },
      () => this.routes.delete(id),
    );
  }

  /**
   * Live telemetry: each active delivery's progress along its planned route, from its vehicle's position.
   * @param {Record<string, {lat?: number, lon?: number}>} frame telemetry by vehicle id
   */
  track(frame) {
    for (const [id, progress] of this.along) {
      const r = this.rows.get(id);
      const v = r?.row.dataset.vehicle ? frame[r.row.dataset.vehicle] : undefined;
      if (!r || v?.lat === undefined || v.lon === undefined) continue;
      const p = progress.update(v.lat, v.lon);
      if (!r.progress || !r.bar || !r.text) {
        r.progress = document.createElement('div');
        r.progress.className = 'delivery-progress';
        r.bar = document.createElement('progress');
        r.bar.max = 1;
        r.text = document.createElement('span');
        r.progress.append(r.bar, r.text);
        r.detail.after(r.progress);
      }
      const km = (/** @type {number} */ m) => (m / 1000).toFixed(2);
      r.bar.value = p.fraction;
      r.progress.dataset.alongM = String(Math.round(p.alongM));
      r.progress.dataset.totalM = String(Math.round(p.totalM));
      const text = `${km(p.alongM)} of ${km(p.totalM)} km along the route (${Math.round(p.fraction * 100)} %)${p.offM > 25 ? ` · ${Math.round(p.offM)} m off it` : ''}`;
      if (r.text.textContent !== text) r.text.textContent = text;
      r.bar.setAttribute('aria-label', text);
    }
  }

  /** @param {DeliveryLike} d */
  create(d) {
    const row = document.createElement('li');
    row.className = 'delivery-row';
    row.dataset.delivery = d.id;
    const title = document.createElement('div');
    title.className = 'delivery-title';
    title.textContent = d.id.slice(0, 8);
    const state = document.createElement('strong');
    state.className = 'delivery-state';
    const detail = document.createElement('div');
    detail.className = 'delivery-detail';
    detail.setAttribute('role', 'status');
    row.append(state, title, detail);
    /** @type {{row: HTMLElement, title: HTMLElement, state: HTMLElement, detail: HTMLElement, select?: HTMLSelectElement, launch?: HTMLButtonElement, abort?: HTMLButtonElement}} */
    const r = { row, title, state, detail };
    if (this.opts.canCommand) {
      const bar = document.createElement('div');
      bar.className = 'commands';
      const select = document.createElement('select');
      select.setAttribute('aria-label', `Vehicle for delivery ${d.id.slice(0, 8)}`);
      const fill = () => {
        const keep = select.value;
        select.replaceChildren(...[...this.vehicleIds].map((id) => Object.assign(document.createElement('option'), { value: id, textContent: id })));
        if (keep) select.value = keep;
      };
      fill();
      select.addEventListener('focus', fill);
      /** @param {string} text @param {string} label @param {() => Promise<void>} fn */
      const button = (text, label, fn) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = text;
        b.setAttribute('aria-label', label);
        b.addEventListener('click', async () => {
          b.disabled = true;
          try {
            await fn();
          } catch (e) {
            detail.textContent = `${text} failed: ${e instanceof Error ? e.message : String(e)}`;
            b.disabled = false;
          }
        });
        return b;
      };
      const launch = button('Launch', `Launch delivery ${d.id.slice(0, 8)}`, async () => {
        if (!select.value) fill();
        detail.textContent = `launching on ${select.value}…`;
        this.upsert(await this.opts.api.post(`/deliveries/${encodeURIComponent(d.id)}/launch`, { vehicle: select.value }));
      });
      const abort = button('Abort (RTL)', `Abort delivery ${d.id.slice(0, 8)}`, async () => {
        this.upsert(await this.opts.api.post(`/deliveries/${encodeURIComponent(d.id)}/abort`, { how: 'rtl' }));
      });
      bar.append(select, launch, abort);
      row.append(bar);
      Object.assign(r, { select, launch, abort });
    }
    // every role may export a stored delivery as a QGroundControl .plan
    if (this.opts.canExport) {
      const bar = document.createElement('div');
      bar.className = 'commands delivery-export';
      bar.append(exportButton(this.opts.api, d.id));
      row.append(bar);
    }
    this.list.prepend(row);
    this.rows.set(d.id, r);
    return r;
  }
}

const STEP_TEXT = /** @type {Record<string, string>} */ ({ health: 'health checks', airspace: 'airspace check of the mission', parameters: 'failsafe parameters set and read back', arm: 'arming', start: 'starting the mission' });

/**
 * What a launch is doing, in words: transfers count items acknowledged, then items read back for
 * verification. @param {{step: string, done?: number, total?: number, phase?: string}} p
 */
export function progressText(p) {
  const count = p.total ? ` ${p.done ?? 0}/${p.total}` : '';
  const transfer = /^upload-(\w+)$/.exec(p.step);
  if (transfer) return p.phase === 'verify' ? `${transfer[1]}: verifying read-back${count}` : `${transfer[1]}: uploading${count ? `${count} items acknowledged` : ''}`;
  return `${STEP_TEXT[p.step] ?? p.step}${count}`;
}
