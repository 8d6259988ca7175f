// @ts-check
/**
 * The operator's planning panel: origin and destination from the hub list (GET /api/hubs), typed
 * as "lat, lon" or picked on the map; mode, consents (pre-filled with the chosen hubs' consent
 * zones), vehicle profile, wind, departure and safety margin → POST /api/plan. Shows the route,
 * its corridor and rally points on the map, the figures, every rule decision and warning, the
 * altitude profile — or the refusal. Create delivery stores it; Export .plan downloads it.
 */
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { ApiError, isNotFound } from './api.js';
import { altitudeChart } from './altitude-chart.js';
import { escapeHtml } from './map.js';

/**
 * @typedef {{id: string, name: string, lat: number, lon: number, consentZones: string[], blocked?: {code: string, zoneId?: string, message: string}}} Hub
 * @typedef {{windSpeedMaxMps: number, safetyMarginMaxM: number}} PlanLimits the API's bounds (/map-config.json)
 * @typedef {{api: import('./api.js').Api, map: any, el: HTMLElement, available: boolean, limits?: PlanLimits, endpoints?: Set<string>, events: import('./events.js').EventHub, canCreate?: boolean}} PlanPanelOptions
 */

/** @param {PlanPanelOptions} o */
export function setupPlanPanel(o) {
  const form = /** @type {HTMLFormElement} */ (o.el.querySelector('form'));
  const out = /** @type {HTMLElement} */ (o.el.querySelector('.plan-result'));
  const fields = /** @type {HTMLFieldSetElement} */ (form.querySelector('fieldset'));
  if (!o.available) {
    fields.disabled = true;
    out.textContent = 'Planning is not available: this service does not offer POST /api/plan.';
    o.el.dataset.available = 'false';
    return;
  }
  o.el.dataset.available = 'true';
  const input = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
  /** @type {'from' | 'to' | undefined} */
  let picking;
  /** @type {any} */
  let routeLayer;
  /** @type {any} the other deliveries' volumes this plan conflicted with */
  let conflictLayer;
  const hubs = setupHubs(o, form);
  void setupVehicleProfiles(o, /** @type {HTMLSelectElement} */ (form.elements.namedItem('vehicleProfile')));
  for (const which of /** @type {const} */ (['from', 'to'])) {
    form.querySelector(`.pick-${which}`)?.addEventListener('click', () => {
      picking = which;
      out.textContent = `Click the map to set the ${which === 'from' ? 'origin' : 'destination'}.`;
    });
  }
  o.map.on('click', (/** @type {any} */ ev) => {
    if (!picking) return;
    input(picking).value = `${ev.latlng.lat.toFixed(5)}, ${ev.latlng.lng.toFixed(5)}`;
    hubs.clear(picking);
    out.textContent = '';
    picking = undefined;
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = requestBody(new FormData(form), o.limits);
    if (typeof body === 'string') {
      out.textContent = body;
      return;
    }
    out.textContent = 'Planning…';
    try {
      const r = await o.api.post('/plan', body);
      routeLayer?.remove();
      routeLayer = undefined;
      conflictLayer?.remove();
      conflictLayer = undefined;
      out.dataset.result = r.ok ? 'ok' : 'refused';
      out.dataset.deconfliction = r.deconfliction?.kind ?? '';
      if (r.deconfliction?.conflicts?.length) conflictLayer = drawConflicts(o.map, r.deconfliction);
      if (!r.ok) {
        out.replaceChildren(...refusalView(r.refusal ?? {}), ...(r.deconfliction ? [deconflictionView(r.deconfliction)] : []));
        return;
      }
      routeLayer = drawPlan(o.map, r.route, r.mission);
      out.replaceChildren(...planView(r.route, r.mission, body, r.deconfliction));
      if (o.canCreate) out.append(createButton(o, body));
    } catch (e) {
      out.dataset.result = 'error';
      out.textContent = isNotFound(e) ? 'Planning is not available on this service yet.' : `Planning failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  });
}

/**
 * The form → a POST /api/plan body, or a sentence saying what to fix.
 * @param {FormData} data @param {PlanLimits} [limits] the API's bounds; without them the API alone checks
 * @returns {Record<string, unknown> | string}
 */
export function requestBody(data, limits) {
  const text = (/** @type {string} */ k) => String(data.get(k) ?? '').trim();
  const from = parseLatLon(text('from'));
  const to = parseLatLon(text('to'));
  if (!from || !to) return 'Choose origin and destination from the hub list, enter them as "lat, lon" or pick them on the map.';
  const consents = [...new Set(text('consents').split(/[\s,;]+/).filter(Boolean).map((z) => z.toUpperCase()))];
  /** @type {Record<string, unknown>} */
  const body = { from, to, mode: text('mode') || 'land', ...(consents.length ? { consents } : {}) };
  if (text('vehicleProfile')) body.vehicleProfile = text('vehicleProfile');
  const speed = text('windSpeed');
  const dir = text('windFrom');
  if (speed !== '' || dir !== '') {
    const s = Number(speed || 0);
    const d = Number(dir || 0);
    const maxS = limits?.windSpeedMaxMps ?? Infinity;
    if (!(s >= 0 && s <= maxS) || !(d >= 0 && d <= 360)) return `Wind: speed 0–${maxS} m/s, direction it blows from 0–360°.`;
    if (s > 0) body.wind = { speedMps: s, fromDeg: d % 360 };
  }
  if (text('departAt')) {
    const t = new Date(text('departAt'));
    if (Number.isNaN(t.getTime())) return 'Departure: enter a date and time.';
    body.departAt = t.toISOString();
  }
  if (text('safetyMargin') !== '') {
    const m = Number(text('safetyMargin'));
    const maxM = limits?.safetyMarginMaxM ?? Infinity;
    if (!(m >= 0 && m <= maxM)) return `Safety margin: 0–${maxM} m.`;
    body.safetyMarginM = m;
  }
  return body;
}

/**
 * Hub selects: fill them from GET /api/hubs; choosing a hub sets the point and adds its consent
 * zones to the consents (removing those the previous hub on that side had added; other edits stay).
 * The consents a hub needs depend on time (temporary zones): they are asked for the departure time
 * chosen, and asked again, with the chosen hubs' consents replaced, when that time changes.
 * @param {PlanPanelOptions} o @param {HTMLFormElement} form
 */
function setupHubs(o, form) {
  /** @type {Map<string, Hub>} */
  const byId = new Map();
  /** @type {Record<'from' | 'to', string[]>} consents each side's hub added */
  const added = { from: [], to: [] };
  const select = (/** @type {'from' | 'to'} */ side) => /** @type {HTMLSelectElement} */ (form.elements.namedItem(`${side}Hub`));
  const point = (/** @type {'from' | 'to'} */ side) => /** @type {HTMLInputElement} */ (form.elements.namedItem(side));
  const consents = /** @type {HTMLInputElement} */ (form.elements.namedItem('consents'));
  const status = /** @type {HTMLElement} */ (form.querySelector('.hub-status'));
  /** @param {'from' | 'to'} side @param {Hub | undefined} hub */
  const apply = (side, hub) => {
    const other = added[side === 'from' ? 'to' : 'from'];
    const keep = consents.value.split(/[\s,;]+/).filter(Boolean).map((z) => z.toUpperCase()).filter((z) => !added[side].includes(z) || other.includes(z));
    added[side] = hub ? [...hub.consentZones] : [];
    consents.value = [...new Set([...keep, ...added[side]])].join(', ');
    if (hub) point(side).value = `${hub.lat}, ${hub.lon}`;
    if (hub?.blocked) status.textContent = `${hub.name}: ${hub.blocked.message}`;
  };
  for (const side of /** @type {const} */ (['from', 'to'])) {
    select(side).addEventListener('change', () => apply(side, byId.get(select(side).value)));
    // typing a point of one's own leaves the hub (its consents stay until edited)
    point(side).addEventListener('input', () => {
      select(side).value = '';
      added[side] = [];
    });
  }
  const available = o.endpoints?.has('GET /api/hubs') ?? true;
  const departAt = /** @type {HTMLInputElement | null} */ (form.elements.namedItem('departAt'));
  /** The chosen departure as ISO time, or undefined for "now". */
  const when = () => {
    const t = departAt?.value ? new Date(departAt.value) : undefined;
    return t && !Number.isNaN(t.getTime()) ? t.toISOString() : undefined;
  };
  let asked = 0;
  const load = async () => {
    const ticket = ++asked;
    const at = when();
    try {
      /** @type {Hub[]} */
      const list = await o.api.get(at ? `/hubs?at=${encodeURIComponent(at)}` : '/hubs');
      if (ticket !== asked) return; // a later time was chosen meanwhile
      byId.clear();
      for (const h of list) byId.set(h.id, h);
      for (const side of /** @type {const} */ (['from', 'to'])) {
        const chosen = select(side).value;
        for (const opt of [...select(side).options]) if (opt.value !== '') opt.remove();
        select(side).append(
          ...list.map((h) => {
            const label = `${h.name}${h.consentZones.length ? ` — consent ${h.consentZones.join(', ')}` : ''}${h.blocked ? ` — blocked (${h.blocked.zoneId ?? h.blocked.code})` : ''}`;
            return Object.assign(document.createElement('option'), { value: h.id, textContent: label });
          }),
        );
        select(side).disabled = false;
        if (chosen && byId.has(chosen)) {
          select(side).value = chosen;
          apply(side, byId.get(chosen)); // that hub's consents for the new time replace its old ones
        }
      }
      status.textContent = '';
    } catch (e) {
      status.textContent = isNotFound(e) ? 'No hub list on this service: enter points or pick them on the map.' : `Hubs could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  for (const side of /** @type {const} */ (['from', 'to'])) select(side).disabled = true;
  if (available) {
    void load();
    departAt?.addEventListener('change', () => void load());
  }
  else status.textContent = 'No hub list on this service: enter points or pick them on the map.';
  return { clear: (/** @type {'from' | 'to'} */ side) => ((select(side).value = ''), (added[side] = [])) };
}

/** @param {PlanPanelOptions} o @param {HTMLSelectElement} select */
async function setupVehicleProfiles(o, select) {
  if (!(o.endpoints?.has('GET /api/vehicle-profiles') ?? true)) return;
  try {
    /** @type {{id: string, name: string, cruiseSpeedMps: number, batteryWh: number, reservePct: number}[]} */
    const list = await o.api.get('/vehicle-profiles');
    select.replaceChildren(...list.map((v) => Object.assign(document.createElement('option'), { value: v.id, textContent: `${v.name} — ${v.cruiseSpeedMps} m/s, ${v.batteryWh} Wh, reserve ${v.reservePct}%` })));
  } catch {
    /* keep "service default" */
  }
}

/** @param {string} text @param {string} [cls] */
function para(text, cls) {
  const p = document.createElement('p');
  p.textContent = text;
  if (cls) p.className = cls;
  return p;
}

/** A list of lines. @param {string} cls @param {string} title @param {{text: string, kind?: string}[]} items */
function list(cls, title, items) {
  const wrap = document.createElement('div');
  const h = document.createElement('h3');
  h.textContent = title;
  const ul = document.createElement('ul');
  ul.className = cls;
  ul.append(...items.map((i) => Object.assign(document.createElement('li'), { textContent: i.text, ...(i.kind ? { className: `kind-${i.kind}` } : {}) })));
  wrap.append(h, ul);
  return wrap;
}

/** @param {any} f a refusal {code, message, ruleId, zoneId, details} */
export function refusalView(f) {
  const decisions = Array.isArray(f.details?.decisions) ? f.details.decisions : [];
  return [
    para(`Refused: ${f.message ?? f.code}`, 'refusal'),
    para([f.code, f.ruleId && `rule ${f.ruleId}`, f.zoneId && `zone ${f.zoneId}`].filter(Boolean).join(' · '), 'refusal-code'),
    ...(decisions.length ? [list('plan-decisions', 'Rule decisions', decisions.map((/** @type {any} */ d) => ({ text: `${d.ruleId} (${d.kind}): ${d.sentence}`, kind: d.kind })))] : []),
  ];
}

/** @param {any} route @returns {string[]} */
export function routeSummary(route) {
  const km = (route.distanceM / 1000).toFixed(2);
  const min = Math.round(route.durationS / 60);
  const s = Math.round(route.durationS);
  return [
    `Distance ${km} km · time ${min} min · energy ${Number(route.energyWh).toFixed(0)} Wh · reserve ${Number(route.reservePct).toFixed(0)}%`,
    `Flight time ${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s${route.pointOfNoReturnM !== undefined ? ` · point of no return at ${(route.pointOfNoReturnM / 1000).toFixed(2)} km` : ''}`,
  ];
}

/** Figures, conditions, deconfliction, rule decisions, warnings and the altitude chart. @param {any} route @param {any} mission @param {any} body @param {any} [dc] */
function planView(route, mission, body, dc) {
  const v = route.request?.vehicle;
  const when = route.request?.departAt ?? body.departAt;
  const conditions = [v && `${v.name}`, body.wind ? `wind ${body.wind.speedMps} m/s from ${body.wind.fromDeg}°` : 'no wind', when && `departs ${new Date(when).toLocaleString()}`, body.safetyMarginM !== undefined && `margin ${body.safetyMarginM} m`].filter(Boolean).join(' · ');
  const decisions = [
    ...(route.zones ?? []).flatMap((/** @type {any} */ z) =>
      (z.verdict?.decisions ?? [{ ruleId: '?', kind: z.verdict?.kind, sentence: '' }]).map((/** @type {any} */ d) => ({
        text: `${z.zoneId} at ${(z.entryM / 1000).toFixed(2)}–${(z.exitM / 1000).toFixed(2)} km · ${d.ruleId} · ${d.kind}: ${d.sentence}`,
        kind: d.kind,
      })),
    ),
    ...(route.ceiling ?? []).map((/** @type {any} */ d) => ({ text: `${d.ruleId} · ${d.kind}: ${d.sentence}`, kind: d.kind })),
  ];
  const warnings = [...(route.warnings ?? []), ...(mission?.warnings ?? [])].map((/** @type {any} */ w) => ({ text: `Warning: ${typeof w === 'string' ? w : w.message ?? w.code}` }));
  const coords = route.geojson?.features?.find((/** @type {any} */ f) => f.properties?.kind === 'route')?.geometry?.coordinates ?? [];
  return [
    ...routeSummary(route).map((t) => para(t, 'plan-figures')),
    para(conditions, 'muted'),
    ...(dc ? [deconflictionView(dc)] : []),
    list('plan-decisions', `Rule decisions (${decisions.length})`, decisions),
    ...(warnings.length ? [list('plan-warnings', `Warnings (${warnings.length})`, warnings)] : []),
    altitudeChart(coords, {
      ceilingM: route.request?.profile?.heightCeilingAglM ?? 120,
      ...(route.obstacles ? { obstacles: route.obstacles.passed, clearanceM: route.obstacles.clearance.horizontalM, verticalClearanceM: route.obstacles.clearance.verticalM } : {}),
      ...(dc?.conflicts?.length ? { conflicts: dc.conflicts, ...(dc.kind === 'height' ? { requestedCruiseAglM: dc.requestedCruiseAglM } : {}) } : {}),
    }),
  ];
}

const RESOLUTION = /** @type {Record<string, string>} */ ({ clear: 'No conflict', delayed: 'Later departure', height: 'Other cruise height', detour: 'Lateral detour', refused: 'Refused' });
const hhmmss = (/** @type {string} */ iso) => new Date(iso).toISOString().slice(11, 19);

/**
 * Strategic deconfliction: the resolution (delay, band, detour, refusal) with its sentence and the
 * conflicting deliveries' volumes and times (drawn on the map and the altitude profile too).
 * @param {any} dc the plan's `deconfliction` {kind, explanation, delayS?, cruiseAglM?, requestedCruiseAglM?, detour?, conflicts}
 */
export function deconflictionView(dc) {
  const wrap = document.createElement('section');
  wrap.className = `deconfliction kind-${dc.kind}`;
  wrap.dataset.kind = dc.kind;
  const h = document.createElement('h3');
  const change =
    dc.kind === 'delayed' ? ` +${Math.floor(dc.delayS / 60)} min ${dc.delayS % 60} s`
    : dc.kind === 'height' ? ` ${dc.requestedCruiseAglM ?? '?'} → ${dc.cruiseAglM} m AGL`
    : dc.kind === 'detour' && dc.detour ? ` around ${dc.detour.aroundVolumes} volume(s) of ${dc.detour.deliveries.join(', ')}`
    : '';
  h.textContent = `Deconfliction: ${RESOLUTION[dc.kind] ?? dc.kind}${change}`;
  wrap.append(h, para(dc.explanation, 'deconfliction-why'));
  const rows = (dc.conflicts ?? []).map((/** @type {any} */ c) => ({
    text: `${c.volume} vs delivery ${c.deliveryId}'s ${c.otherVolume} (${c.otherState})${c.altitudeAglM ? `, ${Math.round(c.altitudeAglM.lower)}–${Math.round(c.altitudeAglM.upper)} m AGL` : ''}, overlap ${hhmmss(c.from)}–${hhmmss(c.to)} UTC, ${c.horizontalGapM} m apart`,
    kind: 'conflict',
  }));
  if (rows.length) wrap.append(list('deconfliction-conflicts', `Conflicts at the requested time (${rows.length})`, rows));
  return wrap;
}

/** The conflicting volumes on the map, each with its delivery, height band and time. @param {any} map @param {any} dc */
function drawConflicts(map, dc) {
  const g = L.layerGroup();
  const seen = new Set();
  for (const c of dc.conflicts ?? []) {
    if (!c.outline) continue;
    const key = `${c.deliveryId}|${c.otherVolume}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const tip = `delivery ${escapeHtml(c.deliveryId)}: ${escapeHtml(c.otherVolume)}, ${Math.round(c.altitudeAglM.lower)}–${Math.round(c.altitudeAglM.upper)} m AGL, ${hhmmss(c.window.start)}–${hhmmss(c.window.end)} UTC (conflict ${hhmmss(c.from)}–${hhmmss(c.to)})`;
    L.polygon(c.outline.map((/** @type {number[]} */ p) => [p[1], p[0]]), { color: '#bc4c00', weight: 1.5, dashArray: '3 3', fillColor: '#fb8f44', fillOpacity: 0.25, className: 'conflict-volume' }).bindTooltip(tip).addTo(g);
  }
  g.addTo(map);
  return g;
}

/** Create delivery (published as a "delivery" event), then Export .plan for the stored delivery. @param {PlanPanelOptions} o @param {object} body */
function createButton(o, body) {
  const wrap = document.createElement('div');
  wrap.className = 'commands plan-actions';
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Create delivery' });
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      const d = await o.api.post('/deliveries', body);
      o.events.emit('delivery', d);
      b.textContent = `Delivery ${d.id.slice(0, 8)} created (${d.state})`;
      if (o.endpoints?.has('GET /api/deliveries/{id}/plan') ?? true) wrap.append(exportButton(o.api, d.id));
    } catch (e) {
      b.textContent = `Create delivery (failed: ${e instanceof Error ? e.message : String(e)})`;
      b.disabled = false;
    }
  });
  wrap.append(b);
  return wrap;
}

/**
 * "Export .plan" for a stored delivery.
 * @param {import('./api.js').Api} api @param {string} id
 */
export function exportButton(api, id) {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Export .plan', className: 'export-plan' });
  b.setAttribute('aria-label', `Export delivery ${id.slice(0, 8)} as .plan`);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await downloadDeliveryPlan(api, id);
      b.textContent = 'Export .plan';
    } catch (e) {
      b.textContent = `Export .plan (failed: ${e instanceof Error ? e.message : String(e)})`;
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/**
 * GET /api/deliveries/:id/plan with the bearer header (a plain link could not send it) → a Blob →
 * a temporary <a download> named delivery-<id>.plan.
 * @param {import('./api.js').Api} api @param {string} id
 */
export async function downloadDeliveryPlan(api, id) {
  const res = await fetch(`/api/deliveries/${encodeURIComponent(id)}/plan`, { headers: { authorization: `Bearer ${api.token}` } });
  if (!res.ok) {
    const j = await res.json().catch(() => undefined);
    throw new ApiError(res.status, j?.code ?? `HTTP_${res.status}`, j?.message ?? res.statusText);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: `delivery-${id}.plan` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000); // the download reads the blob after click() returns
}

/**
 * The route, the delivery point, the corridor (the fence's inclusion polygons), exclusions and
 * rally points in one layer group. @param {any} map @param {any} route @param {any} mission
 */
function drawPlan(map, route, mission) {
  const g = L.layerGroup();
  for (const s of mission?.fence?.shapes ?? []) {
    const style = s.inclusion ? { color: '#0a7f8c', weight: 1.5, fillColor: '#0a7f8c', fillOpacity: 0.12, className: 'plan-corridor' } : { color: '#a40e26', weight: 1.5, dashArray: '4 4', fillOpacity: 0.1, className: 'plan-fence-exclusion' };
    if (s.kind === 'polygon') L.polygon(s.vertices.map((/** @type {any} */ p) => [p.lat, p.lon]), style).bindTooltip(s.inclusion ? 'corridor (geofence: stay inside)' : 'geofence exclusion').addTo(g);
    else if (s.kind === 'circle') L.circle([s.center.lat, s.center.lon], { ...style, radius: s.radiusM }).bindTooltip(`geofence exclusion${s.zoneId ? ` ${escapeHtml(s.zoneId)}` : ''}`).addTo(g);
  }
  L.geoJSON(route.geojson, {
    style: (f) => (f?.properties?.kind === 'route' ? { color: '#6639ba', weight: 4, className: 'route' } : { className: 'route-delivery' }),
    pointToLayer: (_f, ll) => L.circleMarker(ll, { radius: 7, color: '#6639ba', fillColor: '#fff', fillOpacity: 1, weight: 3, className: 'route-delivery' }),
  }).addTo(g);
  for (const p of mission?.rally?.points ?? []) {
    if (typeof p.lat === 'number' && typeof p.lon === 'number') L.circleMarker([p.lat, p.lon], { radius: 5, color: '#116329', fillColor: '#dafbe1', fillOpacity: 1, weight: 2, className: 'rally-point' }).bindTooltip(`rally point (${(p.alongM / 1000).toFixed(2)} km)`).addTo(g);
  }
  g.addTo(map);
  try {
    map.fitBounds(L.geoJSON(route.geojson).getBounds(), { padding: [40, 40] });
  } catch {
    /* no geometry */
  }
  return g;
}

/** @param {string} s "53.55, 9.99" @returns {{lat: number, lon: number} | undefined} */
export function parseLatLon(s) {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(s);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
}
