// @ts-check
/** Side panels: link state (GET /api/links), planning (operator), simulator (engineer). */
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { isNotFound } from './api.js';

/**
 * Polls GET /api/links every 5 s and shows per-link counters.
 * @param {import('./api.js').Api} api @param {HTMLElement} el
 * @returns {() => void} stop
 */
export function startLinks(api, el) {
  /** @type {Map<string, {rx: number, at: number}>} */
  const prev = new Map();
  const tick = async () => {
    try {
      /** @type {{name: string, url: string, stats: Record<string, number>}[]} */
      const links = await api.get('/links');
      el.replaceChildren(
        ...links.map((l) => {
          const now = performance.now();
          const p = prev.get(l.name);
          const rate = p ? ((l.stats.rxPackets - p.rx) * 1000) / (now - p.at) : undefined;
          prev.set(l.name, { rx: l.stats.rxPackets, at: now });
          const li = document.createElement('li');
          li.className = 'link-row';
          li.dataset.link = l.name;
          const quiet = rate !== undefined && rate < 1;
          li.dataset.state = quiet ? 'quiet' : 'ok';
          li.textContent = `${l.name} (${l.url}): ${rate === undefined ? '…' : `${rate.toFixed(0)} pkt/s`} · rx ${l.stats.rxPackets} · CRC errors ${l.stats.crcErrors} · lost ${l.stats.seqGaps}${quiet ? ' · NO TRAFFIC' : ''}`;
          return li;
        }),
      );
      if (links.length === 0) el.textContent = 'No links configured.';
    } catch (e) {
      el.textContent = isNotFound(e) ? 'Link statistics are not available on this service.' : `Links: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  void tick();
  const t = setInterval(tick, 5000);
  return () => clearInterval(t);
}

/**
 * The planning panel. Disabled with "coming soon" while the service has no POST /api/plan.
 * @param {{api: import('./api.js').Api, map: any, el: HTMLElement, available: boolean, onCreate?: (body: object) => Promise<string>}} o
 */
export function setupPlanPanel(o) {
  const form = /** @type {HTMLFormElement} */ (o.el.querySelector('form'));
  const out = /** @type {HTMLElement} */ (o.el.querySelector('.plan-result'));
  const fields = /** @type {HTMLFieldSetElement} */ (form.querySelector('fieldset'));
  if (!o.available) {
    fields.disabled = true;
    out.textContent = 'Planning is coming soon: this service does not offer POST /api/plan yet.';
    o.el.dataset.available = 'false';
    return;
  }
  o.el.dataset.available = 'true';
  /** @type {'from' | 'to' | undefined} */
  let picking;
  /** @type {any} */
  let routeLayer;
  for (const which of /** @type {const} */ (['from', 'to'])) {
    form.querySelector(`.pick-${which}`)?.addEventListener('click', () => {
      picking = which;
      out.textContent = `Click the map to set the ${which === 'from' ? 'origin' : 'destination'}.`;
    });
  }
  o.map.on('click', (/** @type {any} */ ev) => {
    if (!picking) return;
    /** @type {HTMLInputElement} */ (form.elements.namedItem(picking)).value = `${ev.latlng.lat.toFixed(5)}, ${ev.latlng.lng.toFixed(5)}`;
    out.textContent = '';
    picking = undefined;
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const from = parseLatLon(String(data.get('from')));
    const to = parseLatLon(String(data.get('to')));
    if (!from || !to) {
      out.textContent = 'Enter origin and destination as "lat, lon" (or pick them on the map).';
      return;
    }
    out.textContent = 'Planning…';
    const consents = String(data.get('consents') ?? '').split(/[\s,;]+/).filter(Boolean).map((z) => z.toUpperCase());
    try {
      const body = { from, to, mode: data.get('mode'), ...(consents.length ? { consents } : {}) };
      const r = await o.api.post('/plan', body);
      routeLayer?.remove();
      routeLayer = undefined;
      if (!r.ok) {
        const f = r.refusal ?? {};
        out.replaceChildren(para(`Refused: ${f.message ?? f.code}`, 'refusal'), para([f.code, f.ruleId && `rule ${f.ruleId}`, f.zoneId && `zone ${f.zoneId}`].filter(Boolean).join(' · ')));
        return;
      }
      routeLayer = drawRoute(o.map, r.route, r.mission);
      out.replaceChildren(...routeSummary(r.route).map((t) => para(t)));
      const create = o.onCreate;
      if (create) {
        const b = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Create delivery' });
        b.addEventListener('click', async () => {
          b.disabled = true;
          try {
            b.textContent = await create(body);
          } catch (e) {
            b.textContent = `Create delivery (failed: ${e instanceof Error ? e.message : String(e)})`;
            b.disabled = false;
          }
        });
        out.append(b);
      }
    } catch (e) {
      out.textContent = isNotFound(e) ? 'Planning is not available on this service yet.' : `Planning failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  });
}

/** @param {string} text @param {string} [cls] */
function para(text, cls) {
  const p = document.createElement('p');
  p.textContent = text;
  if (cls) p.className = cls;
  return p;
}

/** The route line, delivery point and rally points; returns one layer group. @param {any} map @param {any} route @param {any} mission */
function drawRoute(map, route, mission) {
  const g = L.layerGroup();
  L.geoJSON(route.geojson, {
    style: (f) => (f?.properties?.kind === 'route' ? { color: '#6639ba', weight: 4, className: 'route' } : { className: 'route-delivery' }),
    pointToLayer: (_f, ll) => L.circleMarker(ll, { radius: 7, color: '#6639ba', fillColor: '#fff', fillOpacity: 1, weight: 3 }),
  }).addTo(g);
  for (const p of mission?.rally?.points ?? []) {
    const lat = p.lat ?? p.position?.lat;
    const lon = p.lon ?? p.position?.lon;
    if (typeof lat === 'number' && typeof lon === 'number') L.circleMarker([lat, lon], { radius: 5, color: '#116329', weight: 2 }).bindTooltip('rally point').addTo(g);
  }
  g.addTo(map);
  try {
    map.fitBounds(L.geoJSON(route.geojson).getBounds(), { padding: [40, 40] });
  } catch {
    /* no geometry */
  }
  return g;
}

/** @param {any} route @returns {string[]} */
export function routeSummary(route) {
  const km = (route.distanceM / 1000).toFixed(2);
  const min = Math.round(route.durationS / 60);
  return [
    `Distance ${km} km · time ${min} min · energy ${Number(route.energyWh).toFixed(0)} Wh · reserve ${Number(route.reservePct).toFixed(0)}%`,
    ...(route.zones?.length ? [`Zones: ${route.zones.map((/** @type {any} */ z) => `${z.zoneId} (${z.verdict?.kind ?? '?'})`).join(', ')}`] : []),
    ...(route.warnings ?? []).map((/** @type {any} */ w) => `Warning: ${typeof w === 'string' ? w : w.message ?? w.code}`),
  ];
}

/** @param {string} s "53.55, 9.99" @returns {{lat: number, lon: number} | undefined} */
export function parseLatLon(s) {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(s);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
}
