/**
 * What one piece of a segment (its interval inside one volume of a zone, see anyCrossingPiece)
 * already says about the whole passage through that zone: heights at the piece's ends, and — for
 * zones with a lateral buffer — the exact lateral distance and margin inside the convex volumes
 * near the piece (lateral-exact.ts). The whole passage contains the piece, so it flies at least as
 * low and as high and comes at least as deep into every convex volume: route-constraints' facts
 * of it are at most these minima (non-convex volumes, sampled there, only lower them further).
 * Lets a yes/no question decide "obstacle" without merging pieces or computing crossing angles.
 */
import { obstacleOnWhole, type PassagePart } from '../rules/resolve-passage.js';
import type { RuleDecision } from '../rules/decision.js';
import { toLocalXY } from '../../geo/to-local.js';
import type { Position3D, Zone } from '../types.js';
import { volumesOfZone, type AirspaceIndex } from './create-index.js';
import { convexLines, deepestOnSegment } from './lateral-exact.js';

/**
 * Whether `decisions` (a permanent zone's verdict without a passage; a zone whose activity does
 * not depend on time) make every passage of a → b through `zone` that contains [t0, t1] an
 * obstacle. `false` = not decided by the piece. `xy`: [ax, ay, bx, by] as toLocalXY gives them, if kept.
 * @internal
 * @example
 * pieceMakesObstacle(index, waterway, verdict.decisions, a, b, 0.4, 0.6); // → true at 60 m AGL
 */
export function pieceMakesObstacle(index: AirspaceIndex, zone: Zone, decisions: readonly RuleDecision[], a: Position3D, b: Position3D, t0: number, t1: number, xy?: ArrayLike<number>): boolean {
  const h0 = a.altAglM + (b.altAglM - a.altAglM) * t0, h1 = a.altAglM + (b.altAglM - a.altAglM) * t1;
  // one object per question, filled in as far as needed (this runs for every Return line)
  const part: { minAltAglM: number; maxAltAglM: number; minLateralDistanceM?: number; minLateralMarginM?: number } = { minAltAglM: Math.min(h0, h1), maxAltAglM: Math.max(h0, h1) };
  for (const d of decisions) if (obstacleOnWhole(d, part)) return true;
  if (!(zone.lateralBufferM > 0) || !lateralPart(index, zone, a, b, t0, t1, part, xy)) return false;
  for (const d of decisions) if (obstacleOnWhole(d, part)) return true;
  return false;
}

/** Exact lateral distance and margin of the piece inside the zone's convex volumes near it, into `part`; false if none. */
function lateralPart(index: AirspaceIndex, zone: Zone, a: Position3D, b: Position3D, t0: number, t1: number, part: PassagePart & { minLateralDistanceM?: number; minLateralMarginM?: number }, xy?: ArrayLike<number>): boolean {
  const [ax, ay] = xy ? [xy[0]!, xy[1]!] : toLocalXY(index.frame, a.lon, a.lat);
  const [bx, by] = xy ? [xy[2]!, xy[3]!] : toLocalXY(index.frame, b.lon, b.lat);
  const x0 = ax + (bx - ax) * t0, y0 = ay + (by - ay) * t0, x1 = ax + (bx - ax) * t1, y1 = ay + (by - ay) * t1;
  const minX = Math.min(x0, x1), minY = Math.min(y0, y1), maxX = Math.max(x0, x1), maxY = Math.max(y0, y1);
  let lat = Infinity, margin = Infinity;
  for (const v of volumesOfZone(index, zone)) {
    if (v.minX > maxX || v.maxX < minX || v.minY > maxY || v.maxY < minY) continue;
    const lines = convexLines(v.foot);
    const d = lines && deepestOnSegment(lines, ax, ay, bx, by, t0, t1, a.altAglM, b.altAglM);
    if (!d) continue;
    lat = Math.min(lat, zone.lateralBufferM - d.depth);
    margin = Math.min(margin, zone.lateralBufferM - d.depthPlusAlt);
  }
  if (lat === Infinity) return false;
  part.minLateralDistanceM = lat;
  part.minLateralMarginM = margin;
  return true;
}
