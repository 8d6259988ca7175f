/**
 * Obstacles compiled into a local metric frame, and the clearance rule every layer applies
 * (OBSTACLE-CLEARANCE): a leg (or a vehicle) conflicts with a structure when it is horizontally
 * closer than `horizontalM` to the footprint AND lower than its top + `verticalM` somewhere within
 * that reach. The keep-out volume is the footprint widened by the horizontal clearance, from the
 * ground up to the top plus the vertical clearance. Pure.
 */
import RBush from 'rbush';
import { distToSegmentSq, pointInRing, segmentsIntersect } from '../geo/planar.js';
import { toLocalXY } from '../geo/to-local.js';
import type { LocalFrame } from '../geo/local-frame.js';
import { isObstacleValidDuring, obstacleCentre, topAglM, type Obstacle, type ObstacleClearance } from './types.js';

export interface CompiledObstacle {
  readonly obstacle: Obstacle;
  readonly topAglM: number;
  /** disc: centre + footprint radius; poly: the ring as flat x,y pairs (metres in the frame); line: the path as flat x,y pairs + half-width (footR). */
  readonly cx: number;
  readonly cy: number;
  readonly footR: number;
  readonly ring?: Float64Array;
  readonly path?: Float64Array;
  /** Horizontal clearance for this structure: the set's, or less beside a take-off / landing point ({@link relaxForEndpoints}). */
  readonly clearanceM: number;
  /** Distance of the nearest take-off / landing point from the footprint, when that relaxed the clearance. */
  readonly padM?: number;
  readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number;
}

export interface ObstacleSet {
  readonly frame: LocalFrame;
  readonly clearance: ObstacleClearance;
  readonly items: readonly CompiledObstacle[];
  /** Footprint boxes widened by the horizontal clearance. */
  readonly tree: RBush<CompiledObstacle>;
}

/**
 * Compiles obstacles valid in [fromMs, toMs] into `frame`; AMSL tops become AGL with `groundAmslM`.
 * @example
 * const set = compileObstacles(list, index.frame, () => 10, { horizontalM: 50, verticalM: 50 });
 */
export function compileObstacles(
  list: readonly Obstacle[], frame: LocalFrame, groundAmslM: (p: { lat: number; lon: number }) => number,
  clearance: ObstacleClearance, window: { fromMs: number; toMs: number } = { fromMs: -Infinity, toMs: Infinity },
): ObstacleSet {
  const items: CompiledObstacle[] = [];
  const h = clearance.horizontalM;
  for (const o of list) {
    if (!isObstacleValidDuring(o, window.fromMs, window.toMs)) continue;
    const top = topAglM(o, groundAmslM(obstacleCentre(o)));
    if (!(top > 0)) continue;
    const f = o.footprint;
    if (f.kind === 'point') {
      const [cx, cy] = toLocalXY(frame, f.lon, f.lat);
      const r = f.radiusM + h;
      items.push({ obstacle: o, topAglM: top, cx, cy, footR: f.radiusM, clearanceM: h, minX: cx - r, minY: cy - r, maxX: cx + r, maxY: cy + r });
    } else {
      const pts = f.kind === 'polygon' ? f.ring : f.path;
      const flat = new Float64Array(pts.length * 2);
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      pts.forEach(([lon, lat], i) => {
        const [x, y] = toLocalXY(frame, lon, lat);
        flat[2 * i] = x; flat[2 * i + 1] = y;
        minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
      });
      const footR = f.kind === 'line' ? f.radiusM : 0, r = footR + h;
      items.push({
        obstacle: o, topAglM: top, cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, footR, ...(f.kind === 'polygon' ? { ring: flat } : { path: flat }),
        clearanceM: h, minX: minX - r, minY: minY - r, maxX: maxX + r, maxY: maxY + r,
      });
    }
  }
  const tree = new RBush<CompiledObstacle>();
  tree.load(items);
  return { frame, clearance, items, tree };
}

/** Horizontal distance from segment AB (frame metres) to the structure's footprint (0 when it touches). */
export function footprintDistanceM(c: CompiledObstacle, ax: number, ay: number, bx: number, by: number): number {
  if (c.path) {
    const p = c.path;
    if (p.length === 2) return Math.max(0, Math.sqrt(distToSegmentSq(p[0]!, p[1]!, ax, ay, bx, by)) - c.footR);
    return Math.max(0, polylineDistanceM(p, ax, ay, bx, by) - c.footR);
  }
  if (!c.ring) return Math.max(0, Math.sqrt(distToSegmentSq(c.cx, c.cy, ax, ay, bx, by)) - c.footR);
  if (pointInRing(ax, ay, c.ring) || pointInRing(bx, by, c.ring)) return 0;
  return polylineDistanceM(c.ring, ax, ay, bx, by);
}

/** Distance from segment a–b to a polyline (flat x,y pairs; a ring repeats its first point): 0 where they cross. */
function polylineDistanceM(p: Float64Array, ax: number, ay: number, bx: number, by: number): number {
  let best = Infinity;
  for (let i = 0; i + 3 < p.length; i += 2) {
    const x1 = p[i]!, y1 = p[i + 1]!, x2 = p[i + 2]!, y2 = p[i + 3]!;
    if (segmentsIntersect(ax, ay, bx, by, x1, y1, x2, y2)) return 0;
    best = Math.min(best, distToSegmentSq(ax, ay, x1, y1, x2, y2), distToSegmentSq(bx, by, x1, y1, x2, y2),
      distToSegmentSq(x1, y1, ax, ay, bx, by), distToSegmentSq(x2, y2, ax, ay, bx, by));
  }
  return Math.sqrt(best);
}

export interface ObstacleConflict {
  readonly obstacle: Obstacle;
  readonly topAglM: number;
  /** Horizontal distance from the leg (or point) to the footprint, metres. */
  readonly horizontalM: number;
  /** Lowest height of the leg (or the point's), AGL. */
  readonly minAltAglM: number;
  /** The clearance that applied (horizontal reduced beside a take-off / landing point). */
  readonly clearance: ObstacleClearance;
}

/** Below these the rule is met (a planned edge exactly on the clearance circle is fine). */
const TOL_M = 0.01;

/**
 * Every structure whose keep-out volume a straight 3-D segment enters (heights AGL; the segment's
 * band is its lowest to highest point, conservative for a sloping leg).
 * @example
 * segmentConflicts(set, { lat: 53.56, lon: 9.97, altAglM: 60 }, { lat: 53.565, lon: 9.982, altAglM: 60 })[0]?.obstacle.id; // → 'HH-TVT'
 */
export function segmentConflicts(
  set: ObstacleSet, a: { lat: number; lon: number; altAglM: number }, b: { lat: number; lon: number; altAglM: number },
): ObstacleConflict[] {
  const [ax, ay] = toLocalXY(set.frame, a.lon, a.lat);
  const [bx, by] = toLocalXY(set.frame, b.lon, b.lat);
  const minAlt = Math.min(a.altAglM, b.altAglM);
  const { verticalM } = set.clearance;
  const out: ObstacleConflict[] = [];
  const box = { minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) };
  for (const c of set.tree.search(box)) {
    if (minAlt >= c.topAglM + verticalM - TOL_M) continue;
    const d = footprintDistanceM(c, ax, ay, bx, by);
    if (d < c.clearanceM - TOL_M) out.push({ obstacle: c.obstacle, topAglM: c.topAglM, horizontalM: d, minAltAglM: minAlt, clearance: { horizontalM: c.clearanceM, verticalM } });
  }
  return out;
}

/** The structures whose keep-out volume a point is in (a live vehicle, a rally point). */
export function pointConflicts(set: ObstacleSet, p: { lat: number; lon: number; altAglM: number }): ObstacleConflict[] {
  return segmentConflicts(set, p, p);
}

export interface RelaxedClearance {
  readonly obstacle: Obstacle;
  readonly fromM: number;
  readonly toM: number;
  /** Distance of the take-off / landing point from the footprint. */
  readonly pointM: number;
}

/**
 * How much nearer than its pad a vehicle may come to a structure beside it, metres: PX4 counts a
 * waypoint reached within NAV_ACC_RAD (2 m) and tracks a line within about 1 m, so a clearance
 * relaxed to just under the pad's distance would be entered by every arrival (conformance alert).
 */
export const PAD_NAV_TOLERANCE_M = 3;

/**
 * A take-off or landing pad may stand beside a structure (a hub on the Rathausmarkt): for each
 * structure whose horizontal clearance covers such a point (outside its footprint), the clearance
 * of that structure shrinks to the pad's distance less PAD_NAV_TOLERANCE_M (half of it for a pad
 * nearer than twice that), so the vehicle climbs or descends
 * vertically there and leaves along the tangent. A point inside a footprint is not relaxed (it is
 * refused). The same relaxed set is used by the planner's search, its final check, mission
 * validation (the mission's ground points) and conformance, so they agree.
 * @example
 * relaxForEndpoints(set, [hub]).relaxed[0]; // → { obstacle: Rathaus tower, fromM: 50, toM: 15.5, pointM: 18.5 }
 */
export function relaxForEndpoints(set: ObstacleSet, points: readonly { lat: number; lon: number }[]): { set: ObstacleSet; relaxed: RelaxedClearance[] } {
  const relaxed: RelaxedClearance[] = [];
  const xy = points.map((p) => toLocalXY(set.frame, p.lon, p.lat));
  const items = set.items.map((c) => {
    let d = Infinity;
    for (const [x, y] of xy) if (x >= c.minX && x <= c.maxX && y >= c.minY && y <= c.maxY) d = Math.min(d, footprintDistanceM(c, x, y, x, y));
    if (!(d < c.clearanceM) || d <= TOL_M) return c;
    const toM = d - Math.min(PAD_NAV_TOLERANCE_M, d / 2);
    relaxed.push({ obstacle: c.obstacle, fromM: c.clearanceM, toM, pointM: d });
    return { ...c, clearanceM: toM, padM: d };
  });
  if (relaxed.length === 0) return { set, relaxed };
  const tree = new RBush<CompiledObstacle>();
  tree.load(items);
  return { set: { ...set, items, tree }, relaxed };
}

/** One sentence for a conflict, e.g. for a validation issue or an alert. */
export function describeConflict(c: ObstacleConflict): string {
  const r = (x: number): number => Math.round(x * 10) / 10;
  return `${r(c.horizontalM)} m from ${c.obstacle.name} (${c.obstacle.id}, ${c.obstacle.type.toLowerCase()}, top ${r(c.topAglM)} m AGL) at ${r(c.minAltAglM)} m AGL; `
    + `OBSTACLE-CLEARANCE needs ${r(c.clearance.horizontalM)} m horizontally or ${c.clearance.verticalM} m above the top (${r(c.topAglM + c.clearance.verticalM)} m AGL)`;
}
