/**
 * Which zones block a cruise leg at one height, and the inflated shapes that block it. Each zone
 * is asked of the rules engine (`evaluateZone`) with passage facts for that height and for its
 * earliest-possible to latest-possible passage time, the way routeConstraints asks it:
 * - not an obstacle (inactive, free, conditional with attestations only) → no shape;
 * - an obstacle that becomes legal once the lateral-distance facts are good (Nr. 5 c: height below
 *   the lateral distance, > 10 m away) → only the core where that fails, inflated by the margin;
 * - otherwise the whole footprint inflated by the margin.
 * Waterways that a perpendicular crossing at the crossing height makes legal (Nr. 5 d) are listed
 * as `crossable`. Volumes whose vertical limits the height clears are ignored. Everything is
 * computed on demand (per search box) and memoised for the rest of the plan.
 */
import { evaluateZone } from '../airspace/evaluate-zone.js';
import { withinLimits } from '../airspace/query/heights.js';
import type { CompiledVolume } from '../airspace/query/compiled.js';
import { volumesOfZone, type AirspaceIndex } from '../airspace/query/create-index.js';
import type { OperationProfile } from '../airspace/profile.js';
import { LUFTVO_MIN_LATERAL_DISTANCE_M } from '../airspace/rules/category-rules.js';
import type { PassageFacts, RuleDecision, ZoneVerdict } from '../airspace/rules/decision.js';
import type { HeightOptions, Zone } from '../airspace/types.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { makeShape, type Shape } from './shapes.js';
import { withStructures, type StructureLayers } from './obstacles.js';

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
  /** Vertical obstacles as extra shapes per height (src/planner/obstacles.ts). */
  readonly structures?: StructureLayers;
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

export interface Box { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number }

/**
 * The obstacles at one height, built lazily: a zone is classified (rules engine) and a volume
 * shaped only when a search box first reaches it, each once. A search that stays near the
 * straight line never asks about the thousands of zones elsewhere in the data set.
 */
export interface ObstacleField {
  readonly heightAglM: number;
  /** Zones classified so far (every zone that any `shapesIn`/`volumesIn` box has reached). */
  readonly classes: ReadonlyMap<string, ZoneClass>;
  /** Blocking shapes of the volumes whose footprint box meets `box`. */
  shapesIn(box: Box): Shape[];
  /** Volumes meeting `box`, each with its zone's class. */
  volumesIn(box: Box): Array<{ volume: CompiledVolume; cls: ZoneClass }>;
}

function boxDistance(v: CompiledVolume, x: number, y: number): number {
  const dx = Math.max(v.minX - x, 0, x - v.maxX), dy = Math.max(v.minY - y, 0, y - v.maxY);
  return Math.hypot(dx, dy);
}

/**
 * Classifies zones at one cruise height and builds their obstacle shapes, on demand.
 * @example
 * const f = obstacleField(ctx, 60, 105);
 * f.shapesIn({ minX: -500, minY: -500, maxX: 500, maxY: 500 }); // → shapes near the frame's origin
 * f.classes.get('HHH01')?.role; // → 'full' (hospital without consent), once a box reached it
 */
export function obstacleField(ctx: FieldContext, heightAglM: number, crossingAglM: number): ObstacleField {
  const classes = new Map<string, ZoneClass>();
  const shapeOf = new Map<CompiledVolume, Shape | null>();
  const classify = (zone: Zone): ZoneClass => {
    let c = classes.get(zone.id);
    if (c) return c;
    // window: from the earliest possible arrival at any of the zone's volumes to the end of the endurance
    let near = Infinity;
    for (const v of volumesOfZone(ctx.index, zone)) near = Math.min(near, boxDistance(v, ctx.sx, ctx.sy));
    const fromMs = Math.min(ctx.departMs + (near / ctx.maxGroundSpeedMps) * 1000, ctx.latestMs);
    const base: PassageFacts = { minAltAglM: heightAglM, maxAltAglM: heightAglM, fromMs, toMs: ctx.latestMs };
    const verdict = evaluateZone(zone, ctx.profile, { passage: base });
    if (verdict.kind !== 'obstacle') {
      c = { zone, role: 'none', crossable: false, verdict };
    } else {
      const blocking = verdict.decisions.find((d) => d.kind === 'obstacle');
      // only Nr. 5 rules have lateral-distance (c) and crossing (d) options: ask the engine again for those alone
      const nr5 = zone.categories.some((k) => k === 'ROAD' || k === 'RAIL' || k === 'WATERWAY');
      const crossable = nr5 && zone.categories.includes('WATERWAY')
        && evaluateZone(zone, ctx.profile, { passage: { ...base, minAltAglM: crossingAglM, maxAltAglM: crossingAglM, crossingAngleDeg: 90 } }).kind !== 'obstacle';
      const core = nr5 && evaluateZone(zone, ctx.profile, { passage: { ...base, minLateralDistanceM: 1e9, minLateralMarginM: 1e9 } }).kind !== 'obstacle';
      c = { zone, role: core ? 'core' : 'full', crossable, verdict, ...(blocking ? { blocking } : {}) };
    }
    classes.set(zone.id, c);
    return c;
  };
  const shape = (v: CompiledVolume, c: ZoneClass): Shape | null => {
    if (c.role === 'none') return null;
    const centre = toGeodetic(ctx.index.frame, { eastM: (v.minX + v.maxX) / 2, northM: (v.minY + v.maxY) / 2 });
    if (!withinLimits(v.volume.lower, v.volume.upper, { ...centre, altAglM: heightAglM }, ctx.heights, v.zone)) return null;
    // Nr. 5 (c): legal where lateral distance (buffer − depth) > max(10 m, height) → block depth ≥ shrink
    const shrink = c.role === 'core' ? Math.max(0, v.zone.lateralBufferM - Math.max(LUFTVO_MIN_LATERAL_DISTANCE_M, heightAglM)) : 0;
    const f = v.foot;
    if (f.kind === 'circle') {
      const r = f.r - shrink + ctx.marginM;
      return r > 0 ? makeShape({ kind: 'disc', cx: f.cx, cy: f.cy }, r, v.zone.id, v.volumeIndex) : null;
    }
    if (f.kind === 'corridor') {
      const r = f.hw - shrink + ctx.marginM;
      return r > 0 ? makeShape({ kind: 'tube', pts: f.pts }, r, v.zone.id, v.volumeIndex) : null;
    }
    // polygons are not eroded (conservative); holes are treated as filled
    return f.rings[0] ? makeShape({ kind: 'poly', ring: f.rings[0] }, ctx.marginM, v.zone.id, v.volumeIndex) : null;
  };
  const volumesIn = (box: Box): Array<{ volume: CompiledVolume; cls: ZoneClass }> =>
    ctx.index.tree.search(box).map((volume) => ({ volume, cls: classify(volume.zone) }));
  const field: ObstacleField = {
    heightAglM, classes, volumesIn,
    shapesIn(box) {
      const out: Shape[] = [];
      const m = ctx.marginM; // shapes reach up to the margin beyond their footprint's box
      for (const v of ctx.index.tree.search({ minX: box.minX - m, minY: box.minY - m, maxX: box.maxX + m, maxY: box.maxY + m })) {
        let s = shapeOf.get(v);
        if (s === undefined) { s = shape(v, classify(v.zone)); shapeOf.set(v, s); }
        if (s) out.push(s);
      }
      return out;
    },
  };
  return ctx.structures ? withStructures(field, ctx.structures.at(heightAglM)) : field;
}
