// @ts-check
/**
 * Vertical obstacles on the map (GET /api/obstacles): towers, spires, cranes as circles or
 * polygons, power lines as lines, with their top height as a permanent label, the clearance kept around them as a dashed
 * ring, and a popup with type, reference, lighting, source and validity.
 */
import { escapeHtml } from './map.js';

import * as L from '/vendor/leaflet/leaflet-src.esm.js';

/**
 * A path ([lat, lon] pairs) shifted sideways by `m` metres (left of the direction of travel when
 * positive), each segment on its own: enough to show a corridor on the map.
 * @param {[number, number][]} pts
 * @param {number} m
 * @returns {[number, number][][]}
 */
function offsetPath(pts, m) {
  /** @type {[number, number][][]} */
  const out = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const [la1, lo1] = pts[i], [la2, lo2] = pts[i + 1];
    const k = Math.cos((la1 * Math.PI) / 180);
    const dx = (lo2 - lo1) * k * 111_320, dy = (la2 - la1) * 111_320;
    const len = Math.hypot(dx, dy) || 1;
    const nLat = (dx / len) * m / 111_320, nLon = (-dy / len) * m / (111_320 * k);
    out.push([[la1 + nLat, lo1 + nLon], [la2 + nLat, lo2 + nLon]]);
  }
  return out;
}

/**
 * Draws the obstacles; returns the layer group so it can be replaced when the time changes.
 * @param {any} map
 * @param {any} fc GeoJSON from GET /api/obstacles
 */
export function drawObstacles(map, fc) {
  const group = L.layerGroup();
  const clearance = fc.clearance?.horizontalM ?? 0;
  for (const f of fc.features) {
    const p = f.properties;
    const label = `${escapeHtml(p.name)}: ${Math.round(p.heightM)} m ${escapeHtml(p.heightRef)}`;
    const style = { color: p.active ? '#6a3d9a' : '#999', weight: 2, fillColor: '#cab2d6', fillOpacity: 0.6, className: `obstacle obstacle-${p.id}` };
    /** @type {any} */
    let shape;
    if (f.geometry.type === 'Point') {
      const [lon, lat] = f.geometry.coordinates;
      shape = L.circle([lat, lon], { ...style, radius: Math.max(p.radiusM ?? 0, 3) });
      if (clearance > 0) L.circle([lat, lon], { radius: (p.radiusM ?? 0) + clearance, color: style.color, weight: 1, dashArray: '4 4', fill: false, interactive: false }).addTo(group);
    } else if (f.geometry.type === 'LineString') {
      // a power line: the span, and its clearance corridor as dashed lines on both sides
      /** @type {[number, number][]} */
      const pts = f.geometry.coordinates.map((/** @type {number[]} */ c) => [c[1], c[0]]);
      shape = L.polyline(pts, { ...style, weight: 3 });
      const off = (p.radiusM ?? 0) + clearance;
      if (off > 0) for (const side of [1, -1]) L.polyline(offsetPath(pts, side * off), { color: style.color, weight: 1, dashArray: '4 4', interactive: false }).addTo(group);
    } else {
      shape = L.polygon(f.geometry.coordinates[0].map((/** @type {number[]} */ c) => [c[1], c[0]]), style);
    }
    shape.bindTooltip(`${Math.round(p.heightM)} m`, { permanent: true, direction: 'top', className: 'obstacle-label' });
    shape.bindPopup(() => {
      const el = document.createElement('div');
      el.className = 'obstacle-popup';
      el.innerHTML = `<h3>${label}</h3><dl><dt>Type</dt><dd>${escapeHtml(p.type)}</dd><dt>Lighted</dt><dd>${p.lighted === null ? 'unknown' : p.lighted ? 'yes' : 'no'}</dd>`
        + `<dt>Clearance</dt><dd>${clearance} m around, ${fc.clearance?.verticalM ?? 0} m above</dd><dt>Source</dt><dd>${escapeHtml(p.source)}</dd>`
        + `${p.validFrom || p.validTo ? `<dt>Valid</dt><dd>${escapeHtml(p.validFrom ?? '…')} – ${escapeHtml(p.validTo ?? '…')}</dd>` : ''}</dl>`;
      return el;
    });
    shape.addTo(group);
  }
  return group.addTo(map);
}
