// @ts-check
/**
 * Altitude profile of a planned route: height above ground over distance along the route, the
 * 120 m AGL ceiling, and legs flown at 100 m AGL or more (federal waterway and nature-reserve
 * crossings, LuftVO §21h(3) Nr. 5/6) highlighted. Beside it a table of the same points.
 */
// Hand-written SVG: a few dozen lines of SVG, no chart library worth its weight.

const SVG = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 150;
const PAD = { left: 34, right: 8, top: 10, bottom: 24 };
/** Legs at or above this height are the crossings the rules ask to fly high. */
export const HIGH_LEG_M = 100;

/** @param {string} tag @param {Record<string, string | number>} attrs @param {string} [text] */
function el(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Great-circle distance, metres (spherical; a chart needs no ellipsoid). @param {number[]} a [lon, lat] @param {number[]} b */
function distM(a, b) {
  const r = Math.PI / 180;
  const dLat = (b[1] - a[1]) * r;
  const dLon = (b[0] - a[0]) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * One point per route vertex: distance along the route and height AGL.
 * @param {number[][]} coords [lon, lat, heightAglM] as in the route's GeoJSON LineString
 * @returns {{d: number, h: number}[]}
 */
export function profilePoints(coords) {
  let d = 0;
  return coords.map((c, i) => {
    if (i > 0) d += distM(coords[i - 1], c);
    return { d, h: c[2] ?? 0 };
  });
}

/**
 * The chart and its table in a <figure class="alt-chart">.
 * @param {number[][]} coords route vertices [lon, lat, heightAglM]
 * @param {{ceilingM?: number, obstacles?: {id: string, name: string, topAglM: number, alongM: number, horizontalM: number, inBand: boolean}[], clearanceM?: number, verticalClearanceM?: number, conflicts?: any[], requestedCruiseAglM?: number}} [o]
 *   obstacles: the structures the route passes (route.obstacles.passed), drawn as bars at their distance along the route,
 *   with their keep-out (clearanceM horizontally, verticalClearanceM above the top) dashed;
 *   conflicts: other deliveries' volumes the plan conflicted with at the requested time (deconfliction.conflicts), drawn as
 *   their height band over the stretch of route where they met; requestedCruiseAglM: the cruise height before a height change
 */
export function altitudeChart(coords, o = {}) {
  const ceiling = o.ceilingM ?? 120;
  const pts = profilePoints(coords);
  const total = pts.at(-1)?.d ?? 0;
  const maxH = Math.max(0, ...pts.map((p) => p.h));
  const top = Math.ceil((Math.max(ceiling, maxH) + 10) / 50) * 50;
  const x = (/** @type {number} */ d) => PAD.left + (total > 0 ? (d / total) * (W - PAD.left - PAD.right) : 0);
  const y = (/** @type {number} */ h) => H - PAD.bottom - (h / top) * (H - PAD.top - PAD.bottom);
  const high = pts.slice(1).map((p, i) => ({ a: pts[i], b: p })).filter((s) => s.a.h >= HIGH_LEG_M && s.b.h >= HIGH_LEG_M && s.b.d > s.a.d);
  const highKm = high.reduce((s, l) => s + l.b.d - l.a.d, 0) / 1000;
  const atMax = pts.find((p) => p.h === maxH) ?? { d: 0 };
  const km = (/** @type {number} */ m) => (m / 1000).toFixed(2);
  const summary = `Altitude profile over ${km(total)} km: maximum ${Math.round(maxH)} m above ground (at ${km(atMax.d)} km), ceiling ${ceiling} m; ${
    high.length ? `${high.length} leg${high.length > 1 ? 's' : ''} at ${HIGH_LEG_M} m or more (${highKm.toFixed(2)} km, e.g. waterway crossings)` : `no legs at ${HIGH_LEG_M} m or more`
  }${o.conflicts?.length ? `; conflicted at the requested time with ${[...new Set(o.conflicts.map((c) => c.deliveryId))].join(', ')}${o.requestedCruiseAglM !== undefined ? ` (cruise moved from ${o.requestedCruiseAglM} m)` : ''}` : ''}${o.obstacles?.length ? `; passes ${o.obstacles.length} structure${o.obstacles.length > 1 ? 's' : ''} (${o.obstacles.map((b) => `${b.name} ${Math.round(b.topAglM)} m at ${km(b.alongM)} km, ${Math.round(b.horizontalM)} m beside`).join('; ')})` : ''}.`;

  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, class: 'alt-svg' });
  for (let h = 0; h <= top; h += 50) {
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(h), y2: y(h), class: 'alt-grid' }), el('text', { x: PAD.left - 4, y: y(h) + 4, class: 'alt-tick', 'text-anchor': 'end' }, `${h}`));
  }
  svg.append(el('text', { x: PAD.left, y: H - 6, class: 'alt-tick' }, '0 km'), el('text', { x: W - PAD.right, y: H - 6, class: 'alt-tick', 'text-anchor': 'end' }, `${km(total)} km`));
  svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(ceiling), y2: y(ceiling), class: 'alt-ceiling' }), el('text', { x: W - PAD.right, y: y(ceiling) - 3, class: 'alt-tick alt-ceiling-label', 'text-anchor': 'end' }, `${ceiling} m ceiling`));
  svg.append(el('polyline', { points: pts.map((p) => `${x(p.d).toFixed(1)},${y(p.h).toFixed(1)}`).join(' '), class: 'alt-line' }));
  for (const s of high) svg.append(el('line', { x1: x(s.a.d), x2: x(s.b.d), y1: y(s.a.h), y2: y(s.b.h), class: 'alt-high' }));
  const passed = o.obstacles ?? [];
  for (const ob of passed) {
    const bx = x(Math.min(ob.alongM, total));
    const bar = el('line', { x1: bx, x2: bx, y1: y(0), y2: y(Math.min(ob.topAglM, top)), class: `alt-obstacle${ob.inBand ? ' in-band' : ''}`, 'data-id': ob.id });
    const over = ob.topAglM + (o.verticalClearanceM ?? 0);
    const rule = o.clearanceM !== undefined ? ` (clearance: ${o.clearanceM} m beside it, or above ${Math.round(over)} m AGL)` : '';
    bar.append(el('title', {}, `${ob.name}: top ${Math.round(ob.topAglM)} m AGL, ${Math.round(ob.horizontalM)} m beside the route${rule}`));
    svg.append(bar, el('text', { x: bx + 2, y: y(Math.min(ob.topAglM, top)) + 9, class: 'alt-tick alt-obstacle-label' }, `${Math.round(ob.topAglM)}`));
    if (o.clearanceM !== undefined) {
      // the keep-out volume where it meets the route's vertical curtain: ±√(c² − d²) along the route, up to top + vertical clearance;
      // a structure further beside than the clearance only gets its overfly height marked
      const half = ob.horizontalM < o.clearanceM ? Math.sqrt(o.clearanceM ** 2 - ob.horizontalM ** 2) : 0;
      const x0 = x(Math.max(0, ob.alongM - half)), x1 = x(Math.min(total, ob.alongM + half));
      const yTop = y(Math.min(over, top));
      const keep = half > 0
        ? el('rect', { x: x0, y: yTop, width: Math.max(2, x1 - x0), height: y(0) - yTop, class: 'alt-obstacle-clearance', 'data-id': ob.id })
        : el('line', { x1: bx - 6, x2: bx + 6, y1: yTop, y2: yTop, class: 'alt-obstacle-clearance', 'data-id': ob.id });
      keep.append(el('title', {}, `${ob.name}: keep-out ${o.clearanceM} m around it up to ${Math.round(over)} m AGL`));
      svg.append(keep);
    }
  }
  const conflicts = (o.conflicts ?? []).filter((c) => c.alongM && c.altitudeAglM);
  for (const c of conflicts) {
    const x0 = x(Math.min(c.alongM.from, total));
    const x1 = Math.max(x0 + 2, x(Math.min(c.alongM.to, total)));
    const r = el('rect', { x: x0, y: y(Math.min(c.altitudeAglM.upper, top)), width: x1 - x0, height: Math.max(2, y(c.altitudeAglM.lower) - y(Math.min(c.altitudeAglM.upper, top))), class: 'alt-conflict', 'data-delivery': c.deliveryId });
    r.append(el('title', {}, `conflict with delivery ${c.deliveryId}'s ${c.otherVolume}: ${Math.round(c.altitudeAglM.lower)}–${Math.round(c.altitudeAglM.upper)} m AGL, ${c.from.slice(11, 19)}–${c.to.slice(11, 19)} UTC`));
    svg.append(r);
  }
  if (o.requestedCruiseAglM !== undefined) {
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(o.requestedCruiseAglM), y2: y(o.requestedCruiseAglM), class: 'alt-requested' }), el('text', { x: PAD.left + 2, y: y(o.requestedCruiseAglM) - 3, class: 'alt-tick alt-requested-label' }, `requested ${o.requestedCruiseAglM} m`));
  }
  for (const p of pts) {
    const c = el('circle', { cx: x(p.d).toFixed(1), cy: y(p.h).toFixed(1), r: 2.5, class: p.h >= HIGH_LEG_M ? 'alt-pt high' : 'alt-pt', 'data-d': Math.round(p.d), 'data-h': p.h });
    c.append(el('title', {}, `${km(p.d)} km: ${Math.round(p.h)} m AGL`));
    svg.append(c);
  }

  const fig = document.createElement('figure');
  fig.className = 'alt-chart';
  const cap = document.createElement('figcaption');
  cap.textContent = 'Height above ground (m) along the route';
  // the same points as a table, for screen readers and for reading exact values
  const details = document.createElement('details');
  const sum = document.createElement('summary');
  sum.textContent = 'Profile as a table';
  const table = document.createElement('table');
  table.className = 'alt-table';
  table.createCaption().textContent = summary;
  const head = table.createTHead().insertRow();
  for (const t of ['Along route (km)', 'Height AGL (m)']) head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: t }));
  const body = table.createTBody();
  for (const p of pts) {
    const r = body.insertRow();
    r.insertCell().textContent = km(p.d);
    r.insertCell().textContent = `${Math.round(p.h)}${p.h >= HIGH_LEG_M ? ' (≥ 100 m)' : ''}`;
  }
  if (passed.length) {
    const ob = table.createTBody();
    for (const p of passed) {
      const r = ob.insertRow();
      r.insertCell().textContent = km(p.alongM);
      r.insertCell().textContent = `${p.name}: top ${Math.round(p.topAglM)} m, ${Math.round(p.horizontalM)} m beside`;
    }
  }
  details.append(sum, table);
  fig.append(cap, svg, details);
  return fig;
}
