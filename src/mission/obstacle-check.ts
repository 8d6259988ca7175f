/**
 * Vertical obstacles in mission validation and mission building (src/obstacles): which flown legs
 * enter a structure's keep-out volume (rule OBSTACLE-CLEARANCE); the PX4 exclusion areas
 * around structures are in structure-fence.ts. Pure.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { compileObstacles, describeConflict, relaxForEndpoints, segmentConflicts, type ObstacleSet } from '../obstacles/clearance.js';
import { DEFAULT_OBSTACLE_CLEARANCE, OBSTACLE_RULE_ID, type Obstacle, type ObstacleClearance } from '../obstacles/types.js';
import type { LatLon, Terrain } from '../planner/types.js';

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
