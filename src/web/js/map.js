// @ts-check
/** The Leaflet map: offline basemap (water, districts), optional tiles, airspace zones with popups. */
import * as L from '/vendor/leaflet/leaflet-src.esm.js';

export const HAMBURG_CENTRE = /** @type {[number, number]} */ ([53.56, 9.99]);

/** Zone styling by verdict first (what it means for this flight), then restriction. */
const VERDICT_STYLE = {
  obstacle: { color: '#b2182b', fillOpacity: 0.3, dashArray: undefined },
  conditional: { color: '#d9720b', fillOpacity: 0.18, dashArray: undefined },
  free: { color: '#1a7f37', fillOpacity: 0.08, dashArray: undefined },
  inactive: { color: '#6e7781', fillOpacity: 0.05, dashArray: '4 4' },
};
const RESTRICTION_LABEL = {
  PROHIBITED: 'prohibited',
  REQ_AUTHORISATION: 'authorisation required',
  CONDITIONAL: 'conditional',
  NO_RESTRICTION: 'no restriction',
};

/**
 * @param {HTMLElement} el
 * @param {{tileUrl?: string}} opts
 */
export function createMap(el, opts) {
  const map = L.map(el, { zoomControl: true, preferCanvas: false, attributionControl: true }).setView(HAMBURG_CENTRE, 12);
  map.attributionControl.setPrefix(false);
  map.createPane('basemap').style.zIndex = '250';
  map.createPane('zones').style.zIndex = '400';
  map.createPane('trails').style.zIndex = '450';
  if (opts.tileUrl) L.tileLayer(opts.tileUrl, { maxZoom: 19, attribution: 'tiles: configured source' }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}

/** @param {any} map */
export async function addBasemap(map) {
  const [water, districts] = await Promise.all(['water', 'districts'].map((n) => fetch(`/basemap/${n}.geojson`).then((r) => (r.ok ? r.json() : undefined)).catch(() => undefined)));
  if (districts) {
    const layer = L.geoJSON(districts, {
      pane: 'basemap',
      interactive: false,
      style: () => ({ color: '#8c959f', weight: 1.5, dashArray: '6 4', fillColor: '#f6f8fa', fillOpacity: 0.6 }),
    }).addTo(map);
    // District names as plain labels at the outline's centre (non-interactive layers get no tooltips).
    layer.eachLayer((/** @type {any} */ d) =>
      L.tooltip({ permanent: true, direction: 'center', className: 'district-label', interactive: false }).setLatLng(d.getBounds().getCenter()).setContent(escapeHtml(d.feature.properties.name)).addTo(map),
    );
  }
  if (water) {
    L.geoJSON(water, {
      pane: 'basemap',
      interactive: false,
      style: (f) => (f?.properties.kind === 'river' ? { color: '#6fa8dc', weight: 9, opacity: 0.8, lineCap: 'round', lineJoin: 'round' } : { color: '#6fa8dc', weight: 1, fillColor: '#9fc5e8', fillOpacity: 0.9 }),
    }).addTo(map);
  }
  const note = districts?.note ?? water?.note;
  if (note) map.attributionControl.addAttribution(`Basemap: ${escapeHtml(note)}`);
}

/**
 * Draws the zones; returns the layer so it can be replaced when the time changes.
 * @param {any} map
 * @param {any} fc GeoJSON from GET /api/airspace
 */
export function drawZones(map, fc) {
  return L.geoJSON(fc, {
    pane: 'zones',
    style: (f) => {
      const p = f?.properties ?? {};
      const s = VERDICT_STYLE[/** @type {keyof VERDICT_STYLE} */ (p.verdict)] ?? { color: p.stroke ?? '#555', fillOpacity: 0.15 };
      const prohibited = p.restriction === 'PROHIBITED';
      return { color: prohibited ? '#b2182b' : s.color, weight: prohibited ? 2.5 : 1.5, fillColor: p.fill ?? s.color, fillOpacity: s.fillOpacity, dashArray: s.dashArray, className: `zone zone-${p.zoneId} verdict-${p.verdict}` };
    },
    onEachFeature: (f, layer) => layer.bindPopup(() => zonePopup(f.properties), { maxWidth: 320 }),
  })
    .bindTooltip((/** @type {any} */ layer) => `${escapeHtml(layer.feature.properties.zoneId)} ${escapeHtml(layer.feature.properties.name)}`, { sticky: true })
    .addTo(map);
}

/** @param {Record<string, any>} p zone feature properties */
export function zonePopup(p) {
  const el = document.createElement('div');
  el.className = 'zone-popup';
  const h = document.createElement('h3');
  h.textContent = `${p.zoneId} — ${p.name}`;
  el.append(h);
  const dl = document.createElement('dl');
  /** @param {string} k @param {unknown} v */
  const row = (k, v) => {
    if (v === undefined || v === null || v === '') return;
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = String(v);
    dl.append(dt, dd);
  };
  row('Restriction', RESTRICTION_LABEL[/** @type {keyof RESTRICTION_LABEL} */ (p.restriction)] ?? p.restriction);
  row('Verdict', p.verdict);
  row('Rule', p.ruleId);
  row('Why', p.explanation);
  row('Limits', `${p.lowerM} m ${p.lowerRef} – ${p.upperM} m ${p.upperRef}`);
  row('Times', p.permanent ? 'permanent' : p.active === false ? 'temporary — not active at the chosen time' : 'temporary — active now');
  row('Categories', (p.categories ?? []).join(', '));
  row('Note', p.message);
  el.append(dl);
  return el;
}

/** @param {string} s */
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
