// @ts-check
/**
 * "Check a mission file": a QGC .plan or WPL file from disk → POST /api/missions/validate → the
 * report (verdict, each violation with its item, rule and zone, warnings) and the flown legs on
 * the map, red where a leg breaks a rule. A file the service cannot read shows its errors.
 */
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { ApiError } from './api.js';

/**
 * @param {{api: import('./api.js').Api, map: any, el: HTMLElement, available: boolean}} o
 */
export function setupMissionImport(o) {
  const input = /** @type {HTMLInputElement} */ (o.el.querySelector('input[type=file]'));
  const out = /** @type {HTMLElement} */ (o.el.querySelector('.import-result'));
  o.el.dataset.available = String(o.available); // set once wired, like the plan panel: a file chosen earlier would be missed
  if (!o.available) {
    input.disabled = true;
    out.textContent = 'Mission import is not available: this service does not offer POST /api/missions/validate.';
    return;
  }
  /** @type {any} */
  let layer;
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    const format = /\.plan$/i.test(file.name) || text.trimStart().startsWith('{') ? 'plan' : 'wpl';
    out.textContent = `Checking ${file.name}…`;
    out.dataset.result = 'checking'; // not the previous file's verdict while this one is checked
    layer?.remove();
    layer = undefined;
    try {
      const r = await o.api.post('/missions/validate', { format, text });
      out.replaceChildren(...report(file.name, r));
      out.dataset.result = r.ok ? 'ok' : 'violations';
      layer = drawLegs(o.map, r.legs ?? []);
    } catch (e) {
      out.dataset.result = 'error';
      const lines = [line(`${file.name} could not be read: ${e instanceof Error ? e.message : String(e)}${e instanceof ApiError ? ` (${e.code})` : ''}`, 'error')];
      const details = e instanceof ApiError ? /** @type {any} */ (e.details) : undefined;
      for (const d of Array.isArray(details?.errors) ? details.errors : []) lines.push(line(typeof d === 'string' ? d : d.message ?? JSON.stringify(d)));
      out.replaceChildren(...lines);
    }
  });
}

/** @param {string} name @param {any} r @returns {HTMLElement[]} */
function report(name, r) {
  const lines = [line(`${name}: ${r.items} items — ${r.ok ? 'no rule broken' : `${r.violations.length} violation(s)`} (verdict: ${r.kind})`, r.ok ? 'ok' : 'error')];
  for (const v of r.violations ?? []) lines.push(line(`item ${v.seq}: ${v.sentence} (${[v.ruleId, v.zoneId].filter(Boolean).join(', ')})`));
  for (const w of r.fileWarnings ?? []) lines.push(line(`File: ${w.message}`));
  for (const w of r.warnings ?? []) lines.push(line(`Warning: ${w}`));
  return lines;
}

/** @param {string} text @param {string} [cls] */
function line(text, cls) {
  const p = document.createElement('p');
  p.textContent = text;
  if (cls) p.className = cls;
  return p;
}

/** @param {any} map @param {any[]} legs */
function drawLegs(map, legs) {
  const g = L.layerGroup();
  for (const leg of legs) {
    if (!leg.from || !leg.to) continue;
    const bad = (leg.violations ?? []).some((/** @type {any} */ v) => v.kind === 'obstacle');
    const cond = (leg.violations ?? []).length > 0;
    L.polyline(
      [
        [leg.from.lat, leg.from.lon],
        [leg.to.lat, leg.to.lon],
      ],
      { color: bad ? '#b2182b' : cond ? '#d9720b' : '#0a7d6c', weight: 4, dashArray: '8 6', className: 'imported-leg' },
    )
      .bindTooltip(`item ${leg.seq}${cond ? `: ${leg.violations.map((/** @type {any} */ v) => v.ruleId).join(', ')}` : ''}`)
      .addTo(g);
  }
  g.addTo(map);
  const pts = legs.flatMap((l) => (l.from && l.to ? [/** @type {[number, number]} */ ([l.from.lat, l.from.lon]), /** @type {[number, number]} */ ([l.to.lat, l.to.lon])] : []));
  if (pts.length) map.fitBounds(L.latLngBounds(pts), { padding: [60, 60], maxZoom: 16 });
  return g;
}
