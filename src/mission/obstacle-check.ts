/**
 * Vertical obstacles in mission validation and mission building (src/obstacles): which flown legs
 * enter a structure's keep-out volume (rule OBSTACLE-CLEARANCE), and the PX4 exclusion circles
 * around structures near a route. Pure.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { compileObstacles, describeConflict, footprintDistanceM, relaxForEndpoints, segmentConflicts, type ObstacleSet } from '../obstacles/clearance.js';
import { DEFAULT_OBSTACLE_CLEARANCE, OBSTACLE_RULE_ID, type Obstacle, type ObstacleClearance } from '../obstacles/types.js';
import type { LatLon, Route, Terrain } from '../planner/types.js';
import { toLocalXY } from '../geo/to-local.js';

export interface MissionObstacles {
  readonly list: readonly Obstacle[];
  readonly clearance?: ObstacleClearance;
}

/**
 * Compiles the structures that exist at some moment of [fromMs, toMs] in the frame, with the
 * clearance relaxed beside the take-off / landing points `pads` (relaxForEndpoints).
 * @example const set = obstacleSetFor({ list }, index.frame, 10);
 */
export function obstacleSetFor(o: MissionObstacles, frame: LocalFrame, ground: number | Terrain, window?: { fromMs: number; toMs: number }, pads: readonly LatLon[] = []): ObstacleSet {
  const g = typeof ground === 'number' ? (): number => ground : (p: LatLon): number => ground.groundAmslM(p);
  return relaxForEndpoints(compileObstacles(o.list, frame, g, o.clearance ?? DEFAULT_OBSTACLE_CLEARANCE, window), pads).set;
}

/**
 * Violations per flown leg (heights AGL), in validateMission's shape.
 * @example obstacleViolationsPerLeg(set, pieces)[3]; // → [{ kind: 'obstacle', ruleId: 'OBSTACLE-CLEARANCE', zoneId: 'HH-TVT', sentence: '…' }]
 */
export function obstacleViolationsPerLeg(
  set: ObstacleSet, pieces: readonly { from: LatLon & { altAglM: number }; to: LatLon & { altAglM: number } }[],
): { kind: 'obstacle'; ruleId: string; zoneId: string; sentence: string }[][] {
  return pieces.map((q) => segmentConflicts(set, q.from, q.to).map((c) => ({
    kind: 'obstacle' as const, ruleId: OBSTACLE_RULE_ID, zoneId: c.obstacle.id, sentence: `the leg passes ${describeConflict(c)}`,
  })));
}

/**
 * Exclusion circles (PX4 fence) around point structures whose keep-out volume reaches the route's
 * height and lies within `withinM` of its track, shrunk so that they keep `minGapM` from the track
 * (they never cut the corridor).
 * @example structureExclusionCircles(route, set, 200, 16).map((c) => c.zoneId); // → ['HH-TVT']
 */
export function structureExclusionCircles(route: Route, set: ObstacleSet, withinM: number, minGapM: number): { center: LatLon; radiusM: number; zoneId: string; gapM: number }[] {
  const cruise = route.legs.filter((l) => l.horizontalM > 0);
  if (cruise.length === 0) return [];
  const low = Math.min(...cruise.map((l) => Math.min(l.from.altAglM, l.to.altAglM)));
  const out = new Map<string, { center: LatLon; radiusM: number; zoneId: string; gapM: number }>();
  for (const l of cruise) {
    const [ax, ay] = toLocalXY(set.frame, l.from.lon, l.from.lat);
    const [bx, by] = toLocalXY(set.frame, l.to.lon, l.to.lat);
    const box = { minX: Math.min(ax, bx) - withinM, minY: Math.min(ay, by) - withinM, maxX: Math.max(ax, bx) + withinM, maxY: Math.max(ay, by) + withinM };
    for (const c of set.tree.search(box)) {
      if (c.ring || c.path || c.topAglM + set.clearance.verticalM <= low) continue; // circles only around point structures
      const d = footprintDistanceM(c, ax, ay, bx, by); // track to footprint edge
      const radiusM = Math.min(c.footR + c.clearanceM, c.footR + d - minGapM);
      if (d > withinM || radiusM < 1) continue;
      const prev = out.get(c.obstacle.id);
      if (!prev || prev.radiusM > radiusM) out.set(c.obstacle.id, { center: toGeodetic(set.frame, { eastM: c.cx, northM: c.cy }), radiusM, zoneId: c.obstacle.id, gapM: d + c.footR - radiusM });
    }
  }
  return [...out.values()];
}
