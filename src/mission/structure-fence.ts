/**
 * PX4 exclusion areas around vertical structures near a route (issue 17): circles around point
 * structures, exclusion polygons around building footprints (their convex hull, widened) and around
 * each span of a power line (a hexagon inscribed in the span's tube). Every area keeps `minGapM`
 * from every cruise leg's track, so it never cuts the corridor the vehicle flies in (a structure
 * the route overflies on a raised leg therefore gets none: a 2-D fence area would forbid the
 * overflight). Pure.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { toLocalXY } from '../geo/to-local.js';
import { footprintDistanceM, type CompiledObstacle, type ObstacleSet } from '../obstacles/clearance.js';
import type { LatLon, Route } from '../planner/types.js';

export type StructureExclusion = { readonly zoneId: string; readonly gapM: number } & (
  | { readonly kind: 'circle'; readonly center: LatLon; readonly radiusM: number }
  | { readonly kind: 'polygon'; readonly vertices: readonly LatLon[] }
);

type Seg = readonly [number, number, number, number];

/** Convex hull (Andrew's monotone chain) of flat x,y pairs, counter-clockwise, no repeated point. */
function convexHull(flat: ArrayLike<number>): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pts.push([flat[i]!, flat[i + 1]!]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: [number, number][]): [number, number][] => {
    const h: [number, number][] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  return [...half(pts), ...half([...pts].reverse())];
}

/**
 * The hull moved out by `r` along each vertex's bisector: every new vertex is `r` from the hull
 * (so the polygon lies inside the hull's r-buffer, never nearer the track than planned) and every
 * new edge lies outside the old one (so it contains the footprint).
 */
function widenHull(hull: [number, number][], r: number): [number, number][] {
  if (r <= 0) return hull;
  return hull.map((p, i) => {
    const prev = hull[(i + hull.length - 1) % hull.length]!, next = hull[(i + 1) % hull.length]!;
    // outward normals of the two edges at p (counter-clockwise ring: outward = right of travel)
    const n1 = unit(p[1] - prev[1], -(p[0] - prev[0])), n2 = unit(next[1] - p[1], -(next[0] - p[0]));
    const b = unit(n1[0] + n2[0], n1[1] + n2[1]);
    return [p[0] + r * b[0], p[1] + r * b[1]];
  });
}

function unit(x: number, y: number): [number, number] {
  const l = Math.hypot(x, y);
  return l > 0 ? [x / l, y / l] : [0, 0];
}

/** A hexagon inscribed in the tube of radius R around segment a–b (all six vertices R from the segment; it covers the segment's footprint). */
function spanHexagon(ax: number, ay: number, bx: number, by: number, R: number): [number, number][] {
  const [ux, uy] = unit(bx - ax, by - ay);
  const [nx, ny] = [-uy, ux];
  return [
    [ax - R * ux, ay - R * uy], [ax + R * nx, ay + R * ny], [bx + R * nx, by + R * ny],
    [bx + R * ux, by + R * uy], [bx - R * nx, by - R * ny], [ax - R * nx, ay - R * ny],
  ];
}

const toLatLon = (frame: LocalFrame, pts: readonly [number, number][]): LatLon[] => pts.map(([x, y]) => {
  const g = toGeodetic(frame, { eastM: x, northM: y });
  return { lat: g.lat, lon: g.lon };
});

/**
 * Exclusion areas for the structures whose keep-out volume reaches the route's lowest cruise height
 * and lies within `withinM` of its track; each as large as the keep-out volume where there is room,
 * else shrunk to keep `minGapM` from every track (skipped when even the footprint is nearer).
 * Sorted nearest first.
 * @example structureExclusions(route, set, 150, 16).map((x) => `${x.kind} ${x.zoneId}`); // → ['circle HH-TVT', 'polygon HH-ELB']
 */
export function structureExclusions(route: Pick<Route, 'legs'>, set: ObstacleSet, withinM: number, minGapM: number): StructureExclusion[] {
  const cruise = route.legs.filter((l) => l.horizontalM > 0);
  if (cruise.length === 0) return [];
  const low = Math.min(...cruise.map((l) => Math.min(l.from.altAglM, l.to.altAglM)));
  const segs: Seg[] = cruise.map((l) => [...toLocalXY(set.frame, l.from.lon, l.from.lat), ...toLocalXY(set.frame, l.to.lon, l.to.lat)] as const);
  const box = {
    minX: Math.min(...segs.flatMap((s) => [s[0], s[2]])) - withinM, minY: Math.min(...segs.flatMap((s) => [s[1], s[3]])) - withinM,
    maxX: Math.max(...segs.flatMap((s) => [s[0], s[2]])) + withinM, maxY: Math.max(...segs.flatMap((s) => [s[1], s[3]])) + withinM,
  };
  // distance from the nearest track to a footprint (its edge; 0 when a track crosses it)
  const nearest = (c: CompiledObstacle): number => Math.min(...segs.map((s) => footprintDistanceM(c, s[0], s[1], s[2], s[3])));
  const out: StructureExclusion[] = [];
  for (const c of set.tree.search(box)) {
    if (c.topAglM + set.clearance.verticalM <= low) continue; // below every cruise leg
    const id = c.obstacle.id;
    if (c.path) {
      // one hexagon per span, each sized by its own distance to the track
      for (let i = 0; i + 3 < c.path.length; i += 2) {
        const span: CompiledObstacle = { ...c, path: c.path.subarray(i, i + 4) };
        const d = nearest(span);
        const R = c.footR + Math.min(c.clearanceM, d - minGapM);
        if (d > withinM || d < minGapM || R < 1) continue;
        out.push({ kind: 'polygon', zoneId: c.path.length > 4 ? `${id} span ${i / 2 + 1}` : id, gapM: d - (R - c.footR), vertices: toLatLon(set.frame, spanHexagon(span.path![0]!, span.path![1]!, span.path![2]!, span.path![3]!, R)) });
      }
    } else if (c.ring) {
      const hull = convexHull(c.ring);
      const d = nearest({ ...c, ring: new Float64Array([...hull.flat(), ...hull[0]!]) });
      const r = Math.min(c.clearanceM, d - minGapM);
      if (d > withinM || r < 0 || hull.length < 3) continue;
      out.push({ kind: 'polygon', zoneId: id, gapM: d - r, vertices: toLatLon(set.frame, widenHull(hull, r)) });
    } else {
      const d = nearest(c);
      const radiusM = Math.min(c.footR + c.clearanceM, c.footR + d - minGapM);
      if (d > withinM || radiusM < 1) continue;
      const g = toGeodetic(set.frame, { eastM: c.cx, northM: c.cy });
      out.push({ kind: 'circle', zoneId: id, gapM: d + c.footR - radiusM, center: { lat: g.lat, lon: g.lon }, radiusM });
    }
  }
  return out.sort((a, b) => a.gapM - b.gapM);
}

/** Fence items an exclusion costs (PX4 stores one item per polygon vertex, one per circle). */
export const exclusionCost = (x: StructureExclusion): number => (x.kind === 'circle' ? 1 : x.vertices.length);
