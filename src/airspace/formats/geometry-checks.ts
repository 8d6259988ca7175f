import { segmentsIntersect } from '../../geo/planar.js';
import type { LonLat } from '../../geo/types.js';
import type { FeatureIssues } from './issues.js';

/** Rough bounding boxes [minLon, minLat, maxLon, maxLat] used only to flag probable lat/lon swaps. */
const COUNTRY_BOX: Readonly<Record<string, readonly [number, number, number, number]>> = {
  DEU: [5.8, 47.2, 15.1, 55.1], CHE: [5.9, 45.8, 10.5, 47.9], AUT: [9.5, 46.3, 17.2, 49.1], LUX: [5.7, 49.4, 6.6, 50.2],
  EST: [21.7, 57.5, 28.3, 59.8], SWE: [10.9, 55.3, 24.2, 69.1], ESP: [-18.2, 27.6, 4.4, 43.9], IRL: [-10.7, 51.4, -5.9, 55.4],
  FRA: [-5.2, 41.3, 9.6, 51.1], NLD: [3.3, 50.7, 7.3, 53.6], BEL: [2.5, 49.5, 6.4, 51.5], DNK: [8.0, 54.5, 15.2, 57.8],
  POL: [14.1, 49.0, 24.2, 54.9], ITA: [6.6, 35.4, 18.6, 47.1], CZE: [12.0, 48.5, 18.9, 51.1], NOR: [4.5, 57.9, 31.2, 71.2],
  FIN: [20.5, 59.7, 31.6, 70.1], GBR: [-8.7, 49.8, 1.8, 60.9],
};
const EUROPE: readonly [number, number, number, number] = [-25, 34, 45, 72];

const inBox = (b: readonly [number, number, number, number], lon: number, lat: number): boolean =>
  lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];

/** Reads a `[lon, lat]` pair; reports FIELD_TYPE / COORD_OUT_OF_RANGE. */
export function readPosition(v: unknown, field: string, is: FeatureIssues): LonLat | undefined {
  if (!Array.isArray(v) || v.length < 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number' || !Number.isFinite(v[0]) || !Number.isFinite(v[1])) {
    is.error('FIELD_TYPE', field, `expected a [lon, lat] pair of numbers, got ${JSON.stringify(v)?.slice(0, 60)}`);
    return undefined;
  }
  const [lon, lat] = v as [number, number];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    const hint = lat > 90 && Math.abs(lon) <= 90 ? ' — looks like [lat, lon]; ED-269 and GeoJSON use [lon, lat]' : '';
    is.error('COORD_OUT_OF_RANGE', field, `position [${lon}, ${lat}] is outside lon −180…180 / lat −90…90${hint}`);
    return undefined;
  }
  return [lon, lat];
}

/** Warns once per feature when its positions fall outside its country (or Europe) but the swapped ones fall inside. */
export function checkSwap(points: readonly LonLat[], country: string | undefined, field: string, is: FeatureIssues): void {
  if (points.length === 0) return;
  const box = (country && COUNTRY_BOX[country]) || EUROPE;
  let asIs = 0, swapped = 0;
  for (const [lon, lat] of points) {
    if (inBox(box, lon, lat)) asIs++;
    if (inBox(box, lat, lon)) swapped++;
  }
  if (asIs === 0 && swapped === points.length) {
    is.warn('COORD_PROBABLY_SWAPPED', field, `positions lie outside ${country && COUNTRY_BOX[country] ? country : 'Europe'} but would lie inside with lat and lon swapped; check the order is [lon, lat] (e.g. first position [${points[0]![0]}, ${points[0]![1]}])`);
  }
}

/** Reads and validates a closed linear ring; reports every problem with its position. */
export function readRing(v: unknown, field: string, is: FeatureIssues): LonLat[] | undefined {
  if (!Array.isArray(v)) {
    is.error('FIELD_TYPE', field, 'expected a ring: an array of [lon, lat] positions');
    return undefined;
  }
  const pts: LonLat[] = [];
  let ok = true;
  for (let i = 0; i < v.length; i++) {
    if (!(i in v)) continue; // a hole in a sparse array, skipped as forEach did
    const p: unknown = v[i];
    // the common valid position is taken without building its field path (a national set has
    // millions: the path strings were a large share of the import's garbage); readPosition words the rest
    if (Array.isArray(p) && p.length >= 2) {
      const lon: unknown = p[0], lat: unknown = p[1];
      if (typeof lon === 'number' && typeof lat === 'number' && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) {
        pts.push([lon, lat]);
        continue;
      }
    }
    const q = readPosition(p, `${field}[${i}]`, is);
    if (q) pts.push(q);
    else ok = false;
  }
  if (!ok) return undefined;
  if (pts.length < 4) {
    is.error('RING_TOO_FEW_POINTS', field, `a ring needs at least 4 positions (3 corners + the first repeated), got ${pts.length}`);
    return undefined;
  }
  const [f, l] = [pts[0]!, pts[pts.length - 1]!];
  if (f[0] !== l[0] || f[1] !== l[1]) {
    is.error('RING_NOT_CLOSED', field, `ring is not closed: first position [${f[0]}, ${f[1]}] ≠ last [${l[0]}, ${l[1]}]; repeat the first position at the end`);
    return undefined;
  }
  const cross = selfIntersection(pts);
  if (cross) {
    is.error('RING_SELF_INTERSECTS', field, `ring crosses itself: edge ${cross[0]}–${cross[0] + 1} meets edge ${cross[1]}–${cross[1] + 1}; reorder the positions`);
    return undefined;
  }
  return pts;
}

/** First pair of non-adjacent edges that intersect, or undefined. Zero-length edges are skipped. */
export function selfIntersection(pts: readonly LonLat[]): [number, number] | undefined {
  const n = pts.length - 1; // edges
  const edges: number[] = [];
  for (let i = 0; i < n; i++) if (pts[i]![0] !== pts[i + 1]![0] || pts[i]![1] !== pts[i + 1]![1]) edges.push(i);
  const m = edges.length;
  for (let a = 0; a < m; a++) {
    const i = edges[a]!;
    const [ax, ay] = pts[i]!, [bx, by] = pts[i + 1]!;
    const minX = Math.min(ax, bx), maxX = Math.max(ax, bx), minY = Math.min(ay, by), maxY = Math.max(ay, by);
    for (let b = a + 2; b < m; b++) {
      if (a === 0 && b === m - 1) continue; // adjacent through the closing point
      const j = edges[b]!;
      const [cx, cy] = pts[j]!, [dx, dy] = pts[j + 1]!;
      if (Math.max(cx, dx) < minX || Math.min(cx, dx) > maxX || Math.max(cy, dy) < minY || Math.min(cy, dy) > maxY) continue;
      if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return [i, j];
    }
  }
  return undefined;
}

/** Twice the signed area of a ring in degrees² (only compared between rings of one polygon). */
const ringArea2 = (r: readonly LonLat[]): number => {
  let a = 0;
  for (let i = 0; i + 1 < r.length; i++) a += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
  return a;
};

/**
 * The polygon's rings with the outer boundary first. GeoJSON and ED-269 put it first; some tools
 * write a hole before it. Every consumer takes ring 0 as the outline (the planner's obstacle shape,
 * the index's bounding box), so a hole-first polygon was a prohibited zone only as big as its hole.
 * The ring of largest area is moved to the front, with a warning; the others keep their order.
 * @example outerRingFirst([hole, outer], 'geometry[0]', is) // → [outer, hole] and a RING_ORDER warning
 */
export function outerRingFirst(rings: LonLat[][], field: string, is: FeatureIssues): LonLat[][] {
  let k = 0;
  for (let i = 1; i < rings.length; i++) if (Math.abs(ringArea2(rings[i]!)) > Math.abs(ringArea2(rings[k]!))) k = i;
  if (k === 0) return rings;
  is.warn('RING_ORDER', `${field}[${k}]`, `ring ${k} encloses more than ring 0: read as the outer boundary (GeoJSON and ED-269 put it first) and ring 0 as a hole; check the polygon`);
  return [rings[k]!, ...rings.filter((_, i) => i !== k)];
}
