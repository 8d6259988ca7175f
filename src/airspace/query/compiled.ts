/**
 * Zone volumes compiled into the local metric frame once, at index build. Internal to the query
 * modules: the predicates here are the single source of truth for "inside" (boundary inclusive).
 */
import type { LocalFrame } from '../../geo/local-frame.js';
import { circleCrossings, distToPolyline, distToSegmentSq, nearEdgeBox, pointInRing, segmentCrossings } from '../../geo/planar.js';
import { toLocalXY } from '../../geo/to-local.js';
import { AirspaceError } from '../errors.js';
import type { Footprint, Volume, Zone } from '../types.js';

export type CompiledFootprint =
  | { readonly kind: 'polygon'; readonly rings: readonly Float64Array[] }
  | { readonly kind: 'circle'; readonly cx: number; readonly cy: number; readonly r: number }
  | { readonly kind: 'corridor'; readonly pts: Float64Array; readonly hw: number };

export interface CompiledVolume {
  readonly zoneIndex: number;
  readonly volumeIndex: number;
  readonly zone: Zone;
  readonly volume: Volume;
  readonly foot: CompiledFootprint;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

function flat(frame: LocalFrame, pts: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(pts.length * 2);
  pts.forEach(([lon, lat], i) => {
    const [x, y] = toLocalXY(frame, lon, lat);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}

export function compileFootprint(frame: LocalFrame, f: Footprint): CompiledFootprint {
  switch (f.kind) {
    case 'polygon':
      return { kind: 'polygon', rings: f.rings.map((r) => flat(frame, r)) };
    case 'circle': {
      const [cx, cy] = toLocalXY(frame, f.center[0], f.center[1]);
      return { kind: 'circle', cx, cy, r: f.radiusM };
    }
    case 'corridor':
      return { kind: 'corridor', pts: flat(frame, f.centreline), hw: f.halfWidthM };
  }
}

export function footprintBounds(c: CompiledFootprint): [number, number, number, number] {
  if (c.kind === 'circle') return [c.cx - c.r, c.cy - c.r, c.cx + c.r, c.cy + c.r];
  // every ring, not only the first: containment is even-odd over all rings, so a file that lists a
  // hole before its outer ring (or an 'island' ring outside it) still covers its whole area
  const arrs = c.kind === 'polygon' ? c.rings : [c.pts];
  const pad = c.kind === 'corridor' ? c.hw : 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const a of arrs) {
    for (let i = 0; i < a.length; i += 2) {
      minX = Math.min(minX, a[i]!); maxX = Math.max(maxX, a[i]!);
      minY = Math.min(minY, a[i + 1]!); maxY = Math.max(maxY, a[i + 1]!);
    }
  }
  return [minX - pad, minY - pad, maxX + pad, maxY + pad];
}

export function compileZone(frame: LocalFrame, zone: Zone, zoneIndex: number): CompiledVolume[] {
  if (!zone || typeof zone.id !== 'string' || !Array.isArray(zone.volumes) || zone.volumes.length === 0) {
    throw new AirspaceError('ZONE_INVALID', `zone #${zoneIndex} (${String(zone?.id)}) has no volumes; import zones through importEd269/importEd318 so they are validated`);
  }
  return zone.volumes.map((volume, volumeIndex) => {
    const foot = compileFootprint(frame, volume.footprint);
    const [minX, minY, maxX, maxY] = footprintBounds(foot);
    if (![minX, minY, maxX, maxY].every(Number.isFinite)) {
      throw new AirspaceError('ZONE_INVALID', `zone ${zone.id} volume ${volumeIndex} has non-finite geometry; validate the data set before indexing`);
    }
    return { zoneIndex, volumeIndex, zone, volume, foot, minX, minY, maxX, maxY };
  });
}

/** Point-in-footprint, boundary inclusive. */
export function containsXY(c: CompiledFootprint, x: number, y: number): boolean {
  switch (c.kind) {
    case 'circle': {
      const dx = x - c.cx, dy = y - c.cy;
      return dx * dx + dy * dy <= c.r * c.r;
    }
    case 'polygon': {
      let inside = false;
      for (const r of c.rings) {
        if (ringEdgeTouch(r, x, y)) return true;
        if (pointInRing(x, y, r)) inside = !inside;
      }
      return inside;
    }
    case 'corridor':
      return distToPolyline(x, y, c.pts) <= c.hw;
  }
}

function ringEdgeTouch(r: Float64Array, x: number, y: number): boolean {
  for (let i = 0; i + 3 < r.length; i += 2) {
    if (nearEdgeBox(x, y, r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!) && distToSegmentSq(x, y, r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!) <= 1e-18) return true;
  }
  return false;
}

/** Distance (m) from an inside point to the footprint's boundary; negative outside (approximate for polygons). */
export function depthXY(c: CompiledFootprint, x: number, y: number): number {
  switch (c.kind) {
    case 'circle':
      return c.r - Math.hypot(x - c.cx, y - c.cy);
    case 'corridor':
      return c.hw - distToPolyline(x, y, c.pts);
    case 'polygon': {
      let d = Infinity;
      for (const r of c.rings) d = Math.min(d, distToPolyline(x, y, r));
      return containsXY(c, x, y) ? d : -d;
    }
  }
}

/**
 * Direction (unit vector) of the feature's axis near (x, y): the nearest centreline segment of a
 * corridor or the nearest polygon edge. Undefined for circles.
 */
export function axisNear(c: CompiledFootprint, x: number, y: number): [number, number] | undefined {
  if (c.kind === 'circle') return undefined;
  const arrs = c.kind === 'polygon' ? c.rings : [c.pts];
  let best = Infinity;
  let dir: [number, number] | undefined;
  for (const a of arrs) {
    for (let i = 0; i + 3 < a.length; i += 2) {
      const d = distToSegmentSq(x, y, a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!);
      const dx = a[i + 2]! - a[i]!, dy = a[i + 3]! - a[i + 1]!;
      const len = Math.hypot(dx, dy);
      if (d < best && len > 0) {
        best = d;
        dir = [dx / len, dy / len];
      }
    }
  }
  return dir;
}

/**
 * Parameter intervals [t0, t1] ⊆ [0, 1] of segment A→B that lie inside the footprint (exact up to
 * floating point; touching points yield zero-length intervals).
 */
export function segmentIntervalsXY(c: CompiledFootprint, ax: number, ay: number, bx: number, by: number): Array<[number, number]> {
  if (ax === bx && ay === by) return containsXY(c, ax, ay) ? [[0, 1]] : [];
  if (segmentSurelyMisses(c, ax, ay, bx, by)) return [];
  const ts: number[] = [0, 1];
  switch (c.kind) {
    case 'circle':
      circleCrossings(ax, ay, bx, by, c.cx, c.cy, c.r, ts);
      break;
    case 'polygon':
      for (const r of c.rings) {
        for (let i = 0; i + 3 < r.length; i += 2) segmentCrossings(ax, ay, bx, by, r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!, ts);
      }
      break;
    case 'corridor': {
      const p = c.pts;
      for (let i = 0; i < p.length; i += 2) circleCrossings(ax, ay, bx, by, p[i]!, p[i + 1]!, c.hw, ts);
      for (let i = 0; i + 3 < p.length; i += 2) {
        const x0 = p[i]!, y0 = p[i + 1]!, x1 = p[i + 2]!, y1 = p[i + 3]!;
        const len = Math.hypot(x1 - x0, y1 - y0);
        if (len === 0) continue;
        const nx = (-(y1 - y0) / len) * c.hw, ny = ((x1 - x0) / len) * c.hw;
        segmentCrossings(ax, ay, bx, by, x0 + nx, y0 + ny, x1 + nx, y1 + ny, ts);
        segmentCrossings(ax, ay, bx, by, x0 - nx, y0 - ny, x1 - nx, y1 - ny, ts);
      }
      break;
    }
  }
  ts.sort((a, b) => a - b);
  // no closures here: this runs for every volume near every segment a plan asks about
  const dx = bx - ax, dy = by - ay;
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < ts.length; i++) {
    const t0 = ts[i]!, t1 = ts[i + 1]!;
    if (t1 - t0 < 1e-12) continue;
    const tm = (t0 + t1) / 2;
    if (containsXY(c, ax + tm * dx, ay + tm * dy)) {
      const last = out[out.length - 1];
      if (last && Math.abs(last[1] - t0) < 1e-12) last[1] = t1;
      else out.push([t0, t1]);
    }
  }
  // isolated touching points
  const spans = out.length;
  for (const t of ts) {
    let covered = false;
    for (let k = 0; k < out.length && !covered; k++) covered = t >= out[k]![0] - 1e-12 && t <= out[k]![1] + 1e-12;
    if (!covered && containsXY(c, ax + t * dx, ay + t * dy)) out.push([t, t]);
  }
  if (out.length > spans) out.sort((a, b) => a[0] - b[0]);
  return out;
}

/** Clearance beyond which a separating line proves that no point of a segment is in a footprint, metres. */
const SEPARATION_M = 1e-3;

/**
 * Whether a line separates segment A→B from the footprint by more than 1 mm: the line through A
 * and B, or the perpendiculars at A and at B. Every point segmentIntervalsXY tests lies on the
 * segment, and containsXY is false farther than 1e-9 m from a footprint (every ring of a polygon,
 * holes too; a corridor's centreline grown by its half-width; a circle), so its answer is then
 * empty — found here in one pass over the vertices (most volumes near a Return line are missed).
 * @internal
 */
export function segmentSurelyMisses(c: CompiledFootprint, ax: number, ay: number, bx: number, by: number): boolean {
  const dx = bx - ax, dy = by - ay;
  const len = Math.sqrt(dx * dx + dy * dy);
  if (!(len > 1e-6)) return false; // too short for a direction: ask the full test
  const ux = dx / len, uy = dy / len;
  switch (c.kind) {
    case 'circle': {
      const m = c.r + SEPARATION_M;
      const across = (c.cx - ax) * uy - (c.cy - ay) * ux, along = (c.cx - ax) * ux + (c.cy - ay) * uy;
      return across > m || across < -m || along > len + m || along < -m;
    }
    case 'polygon':
      // a point is in a polygon only if it is in or on one of its rings: each ring may have its own line
      for (const r of c.rings) if (!separated(r, SEPARATION_M, ax, ay, ux, uy, len)) return false;
      return true;
    case 'corridor':
      return separated(c.pts, c.hw + SEPARATION_M, ax, ay, ux, uy, len);
  }
}

/** Whether all points of `pts` (x, y pairs) lie more than `m` beyond one of the segment's three lines. */
function separated(pts: ArrayLike<number>, m: number, ax: number, ay: number, ux: number, uy: number, len: number): boolean {
  let minAcross = Infinity, maxAcross = -Infinity, minAlong = Infinity, maxAlong = -Infinity;
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const x = pts[i]! - ax, y = pts[i + 1]! - ay;
    const across = x * uy - y * ux, along = x * ux + y * uy;
    if (across < minAcross) minAcross = across;
    if (across > maxAcross) maxAcross = across;
    if (along < minAlong) minAlong = along;
    if (along > maxAlong) maxAlong = along;
  }
  return minAcross > m || maxAcross < -m || maxAlong < -m || minAlong > len + m;
}
