/**
 * Which zones block a cruise leg at one height, and the inflated shapes that block it. Each zone
 * is asked of the rules engine (`evaluateZone`) with passage facts for that height and for its
 * earliest-possible to latest-possible passage time, the way routeConstraints asks it:
 * - not an obstacle (inactive, free, conditional with attestations only) → no shape;
 * - an obstacle that becomes legal once the lateral-distance facts are good (Nr. 5 c: height below
 *   the lateral distance, > 10 m away) → only the core where that fails, inflated by the margin;
 * - otherwise the whole footprint inflated by the margin.
 * Waterways that a perpendicular crossing at the crossing height makes legal (Nr. 5 d) are listed
 * as `crossable`. Volumes whose vertical limits the height clears are ignored.
 */
import { evaluateZone } from '../airspace/evaluate-zone.js';
import { withinLimits } from '../airspace/query/heights.js';
import type { CompiledVolume } from '../airspace/query/compiled.js';
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import type { OperationProfile } from '../airspace/profile.js';
import { LUFTVO_MIN_LATERAL_DISTANCE_M } from '../airspace/rules/category-rules.js';
import type { PassageFacts, RuleDecision, ZoneVerdict } from '../airspace/rules/decision.js';
import type { HeightOptions, Zone } from '../airspace/types.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { makeShape, type Shape } from './shapes.js';

export interface FieldContext {
  readonly index: AirspaceIndex;
  readonly profile: OperationProfile;
  readonly heights: HeightOptions;
  readonly marginM: number;
  readonly departMs: number;
  /** Latest instant the vehicle can still be airborne (battery endurance). */
  readonly latestMs: number;
  /** Fastest possible ground speed, for the earliest arrival at a zone. */
  readonly maxGroundSpeedMps: number;
  readonly sx: number;
  readonly sy: number;
  /** Only volumes intersecting this box (local metres) are considered. */
  readonly box: { minX: number; minY: number; maxX: number; maxY: number };
}

export type ZoneRole = 'none' | 'core' | 'full';

export interface ZoneClass {
  readonly zone: Zone;
  readonly role: ZoneRole;
  readonly crossable: boolean;
  /** The verdict at this height without lateral/angle facts. */
  readonly verdict: ZoneVerdict;
  readonly blocking?: RuleDecision;
}

export interface ObstacleField {
  readonly heightAglM: number;
  readonly shapes: readonly Shape[];
  readonly classes: ReadonlyMap<string, ZoneClass>;
  readonly volumes: readonly CompiledVolume[];
}

function boxDistance(v: CompiledVolume, x: number, y: number): number {
  const dx = Math.max(v.minX - x, 0, x - v.maxX), dy = Math.max(v.minY - y, 0, y - v.maxY);
  return Math.hypot(dx, dy);
}

/**
 * Classifies the zones near the route at one cruise height and builds their obstacle shapes.
 * @example
 * const f = obstacleField(ctx, 60, 105);
 * f.classes.get('HHH01')?.role; // → 'full' (hospital without consent)
 */
export function obstacleField(ctx: FieldContext, heightAglM: number, crossingAglM: number): ObstacleField {
  const vols = ctx.index.tree.search(ctx.box);
  const classes = new Map<string, ZoneClass>();
  const window = new Map<string, [number, number]>();
  for (const v of vols) {
    const t0 = ctx.departMs + (boxDistance(v, ctx.sx, ctx.sy) / ctx.maxGroundSpeedMps) * 1000;
    const w = window.get(v.zone.id);
    window.set(v.zone.id, [Math.min(w?.[0] ?? Infinity, Math.min(t0, ctx.latestMs)), ctx.latestMs]);
  }
  const classify = (zone: Zone): ZoneClass => {
    const [fromMs, toMs] = window.get(zone.id)!;
    const base: PassageFacts = { minAltAglM: heightAglM, maxAltAglM: heightAglM, fromMs, toMs };
    const verdict = evaluateZone(zone, ctx.profile, { passage: base });
    if (verdict.kind !== 'obstacle') return { zone, role: 'none', crossable: false, verdict };
    const blocking = verdict.decisions.find((d) => d.kind === 'obstacle');
    // only Nr. 5 rules have lateral-distance (c) and crossing (d) options: ask the engine again for those alone
    const nr5 = zone.categories.some((c) => c === 'ROAD' || c === 'RAIL' || c === 'WATERWAY');
    const crossable = nr5 && zone.categories.includes('WATERWAY')
      && evaluateZone(zone, ctx.profile, { passage: { ...base, minAltAglM: crossingAglM, maxAltAglM: crossingAglM, crossingAngleDeg: 90 } }).kind !== 'obstacle';
    const core = nr5 && evaluateZone(zone, ctx.profile, { passage: { ...base, minLateralDistanceM: 1e9, minLateralMarginM: 1e9 } }).kind !== 'obstacle';
    return { zone, role: core ? 'core' : 'full', crossable, verdict, ...(blocking ? { blocking } : {}) };
  };
  const shapes: Shape[] = [];
  for (const v of vols) {
    let c = classes.get(v.zone.id);
    if (!c) { c = classify(v.zone); classes.set(v.zone.id, c); }
    if (c.role === 'none') continue;
    const centre = toGeodetic(ctx.index.frame, { eastM: (v.minX + v.maxX) / 2, northM: (v.minY + v.maxY) / 2 });
    if (!withinLimits(v.volume.lower, v.volume.upper, { ...centre, altAglM: heightAglM }, ctx.heights, v.zone)) continue;
    // Nr. 5 (c): legal where lateral distance (buffer − depth) > max(10 m, height) → block depth ≥ shrink
    const shrink = c.role === 'core' ? Math.max(0, v.zone.lateralBufferM - Math.max(LUFTVO_MIN_LATERAL_DISTANCE_M, heightAglM)) : 0;
    const f = v.foot;
    if (f.kind === 'circle') {
      const r = f.r - shrink + ctx.marginM;
      if (r > 0) shapes.push(makeShape({ kind: 'disc', cx: f.cx, cy: f.cy }, r, v.zone.id, v.volumeIndex));
    } else if (f.kind === 'corridor') {
      const r = f.hw - shrink + ctx.marginM;
      if (r > 0) shapes.push(makeShape({ kind: 'tube', pts: f.pts }, r, v.zone.id, v.volumeIndex));
    } else if (f.rings[0]) {
      // polygons are not eroded (conservative); holes are treated as filled
      shapes.push(makeShape({ kind: 'poly', ring: f.rings[0] }, ctx.marginM, v.zone.id, v.volumeIndex));
    }
  }
  return { heightAglM, shapes, classes, volumes: vols };
}
