/**
 * The horizontal search around the obstacles at each candidate cruise height (the preferred one
 * first, then the > 100 m AGL height at which nature reserves may be overflown when nothing else
 * works), with federal-waterway crossings as special edges flown at the crossing height.
 */
import { routeConstraints } from '../airspace/query/route-constraints.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { obstacleField, type FieldContext, type ObstacleField } from './obstacle-field.js';
import { refuse } from './refusals.js';
import { shortestPath, type SearchBox, type SpecialEdge } from './search.js';
import { coreDistance, makeShape, pointBlocked, segmentBlocked, type Shape } from './shapes.js';
import type { PlanResult } from './types.js';
import { lowerLegs, type HeightTests } from './leg-heights.js';
import { refineCrossings, type RefineTests } from './refine-crossings.js';
import { ShapeGrid } from './shape-grid.js';
import { crossingCandidates, type CrossingCandidate } from './waterway-crossings.js';
import { volumesOfZone } from '../airspace/query/create-index.js';
import { waterBodyOf, type BankEdge } from '../airspace/query/water-body.js';

/** The obstacle field's context (start, time window, profile…) plus the goal and the search's limits. */
export interface FindPathInput extends FieldContext {
  readonly gx: number;
  readonly gy: number;
  readonly maxLengthM: number;
  readonly cruiseHeights: readonly number[];
  readonly crossingAgl: number | undefined;
  readonly climbRateMps: number;
  /** Search budget (candidate edges examined), default 4e7. */
  readonly budget?: number;
  /**
   * Fly the path found at the (raised) cruise height at this lower height wherever that is legal:
   * raise only the legs that must overfly something (structures, docs/obstacles.md).
   */
  readonly lowerToAglM?: number;
}

export type FindPathOutput =
  | {
    readonly ok: true; readonly xs: number[]; readonly ys: number[]; readonly heights: number[]; readonly warnings: string[]; readonly stats: unknown;
    /** The same path with every edge at the raised height, for when the lowered one fails the final check. */
    readonly raised?: { readonly xs: number[]; readonly ys: number[]; readonly heights: number[]; readonly warnings: string[] };
  }
  | { readonly ok: false; readonly result: Extract<PlanResult, { ok: false }> };

const r1 = (x: number): number => Math.round(x * 10) / 10;

/** Nothing else blocks a crossing candidate at the crossing height (cheap: geometry only). */
function crossingClear(ctx: FieldContext, highFields: Map<number, ObstacleField>, k: CrossingCandidate, hx: number): boolean {
  let high = highFields.get(hx);
  if (!high) { high = obstacleField(ctx, hx, hx); highFields.set(hx, high); }
  const box = { minX: Math.min(k.ax, k.bx), minY: Math.min(k.ay, k.by), maxX: Math.max(k.ax, k.bx), maxY: Math.max(k.ay, k.by) };
  for (const s of high.shapesIn(box)) {
    if (s.zoneId === k.zoneId) continue;
    if (segmentBlocked(s, k.ax, k.ay, k.bx, k.by) || pointBlocked(s, k.ax, k.ay) || pointBlocked(s, k.bx, k.by)) return false;
  }
  return true;
}

/** The rules engine accepts the whole crossing manoeuvre (climb, crossing, descent) at that time. */
function crossingLegal(inp: FindPathInput, k: CrossingCandidate, h: number, hx: number): boolean {
  const a = toGeodetic(inp.index.frame, { eastM: k.ax, northM: k.ay });
  const b = toGeodetic(inp.index.frame, { eastM: k.bx, northM: k.by });
  const up = (hx - h) / inp.climbRateMps; // ≥ 0: hx ≥ h
  const check = routeConstraints(inp.index, {
    waypoints: [{ ...a, altAglM: h }, { ...a, altAglM: hx }, { ...b, altAglM: hx }, { ...b, altAglM: h }],
    timeOffsetsS: [0, up, up + 60, 2 * up + 60], departureTime: inp.departMs,
  }, inp.profile, inp.heights);
  return !check.constraints.some((x) => x.verdict.kind === 'obstacle');
}

const memo = <K, V>(f: (k: K) => V): ((k: K) => V) => {
  const m = new Map<K, V>();
  return (k) => {
    if (!m.has(k)) m.set(k, f(k));
    return m.get(k)!;
  };
};

/** Reach of a crossing refinement beyond the found path's box, metres (banks move at most this far). */
const REFINE_REACH_M = 1500;

/** The cruise-height tests of the refinement, on a grid of the shapes around the path. */
function refineTests(
  path: { xs: readonly number[]; ys: readonly number[] }, shapes: (box: SearchBox) => Shape[],
  clear: (e: SpecialEdge) => boolean, legal: (e: SpecialEdge) => boolean,
): RefineTests {
  const box = {
    minX: Math.min(...path.xs) - REFINE_REACH_M, minY: Math.min(...path.ys) - REFINE_REACH_M,
    maxX: Math.max(...path.xs) + REFINE_REACH_M, maxY: Math.max(...path.ys) + REFINE_REACH_M,
  };
  const grid = new ShapeGrid(shapes(box));
  const inside = (x: number, y: number): boolean => x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;
  return {
    // outside the box the grid knows no shapes: such points are simply not offered
    pointFree: (x, y) => inside(x, y) && !grid.pointBlocked(x, y),
    landFree: (ax, ay, bx, by) => inside(ax, ay) && inside(bx, by) && grid.firstBlocking(ax, ay, bx, by) === undefined,
    crossingClear: clear, crossingLegal: legal,
  };
}

/** Shortest stretch flown at the preferred height between two raised ones, metres (shorter: stays raised). */
const MIN_LOWERED_STRETCH_M = 200;

/** Point and leg tests at the preferred height around a path (for lowering its edges). */
function heightTests(path: { xs: readonly number[]; ys: readonly number[] }, shapes: (box: SearchBox) => Shape[]): HeightTests {
  const box = { minX: Math.min(...path.xs) - 100, minY: Math.min(...path.ys) - 100, maxX: Math.max(...path.xs) + 100, maxY: Math.max(...path.ys) + 100 };
  const grid = new ShapeGrid(shapes(box));
  return { pointFree: (x, y) => !grid.pointBlocked(x, y), landFree: (ax, ay, bx, by) => grid.firstBlocking(ax, ay, bx, by) === undefined };
}

/** The shapes of the field at height h with the endpoint relaxation, or undefined when an endpoint lies in a zone there. */
function shapesAt(ctx: FieldContext, inp: FindPathInput, h: number): ((box: SearchBox) => Shape[]) | undefined {
  const field = obstacleField(ctx, h, Math.max(h, inp.crossingAgl ?? h));
  const relaxed = relaxAtEndpoints(field, inp, []);
  if ('blockedBy' in relaxed) return undefined;
  return (box) => field.shapesIn(box).map((s) => relaxed.repl.get(s) ?? s);
}

/**
 * Shapes whose margin (not zone) covers the start or goal get that margin shrunk to the distance
 * available there; returns the replacements, or the shape whose zone itself covers an endpoint.
 */
function relaxAtEndpoints(field: ObstacleField, inp: FindPathInput, warnings: string[]): { repl: Map<Shape, Shape> } | { blockedBy: Shape; which: 'start' | 'destination' } {
  const repl = new Map<Shape, Shape>();
  for (const [which, x, y] of [['start', inp.sx, inp.sy], ['destination', inp.gx, inp.gy]] as const) {
    for (const orig of field.shapesIn({ minX: x, minY: y, maxX: x, maxY: y })) {
      const s = repl.get(orig) ?? orig;
      if (!pointBlocked(s, x, y)) continue;
      const d = coreDistance(s, x, y);
      const raw = s.r - inp.marginM;
      if (d <= raw + 0.05) return { blockedBy: s, which };
      const r = (d + raw) / 2;
      repl.set(orig, makeShape(s.core, r, s.zoneId, s.volumeIndex));
      warnings.push(`safety margin to ${s.zoneId} reduced from ${r1(inp.marginM)} m to ${r1(r - raw)} m at the ${which}, which lies that close to it`);
    }
  }
  return { repl };
}

/**
 * Shortest legal horizontal path and the height of each of its edges.
 * @example
 * const r = findPath({ index, profile, heights, marginM: 20, departMs, latestMs, maxGroundSpeedMps: 12, sx, sy, gx, gy, maxLengthM: 40_000, cruiseHeights: [60, 110], crossingAgl: 105, climbRateMps: 3 });
 * r.ok && r.heights; // → [60, 105, 60] for a route with one waterway crossing
 */
export function findPath(inp: FindPathInput): FindPathOutput {
  const ctx: FieldContext = inp;
  const highFields = new Map<number, ObstacleField>();
  let firstField: ObstacleField | undefined;
  let searchedToM = 0;
  const tried: number[] = [];
  let baseShapes: ((box: SearchBox) => Shape[]) | undefined;
  for (const h of inp.cruiseHeights) {
    tried.push(h);
    const warnings: string[] = [];
    const field = obstacleField(ctx, h, Math.max(h, inp.crossingAgl ?? h));
    firstField ??= field;
    const relaxed = relaxAtEndpoints(field, inp, warnings);
    if ('blockedBy' in relaxed) {
      const c = field.classes.get(relaxed.blockedBy.zoneId);
      const rule = c?.blocking?.ruleId;
      return {
        ok: false,
        result: refuse(relaxed.which === 'start' ? 'START_IN_ZONE' : 'DESTINATION_IN_ZONE',
          `the ${relaxed.which} lies where ${relaxed.blockedBy.zoneId} "${c?.zone.name ?? ''}" forbids cruising at ${h} m AGL: ${c?.blocking?.sentence ?? ''} Choose a point further away or add a consent.`,
          { zoneId: relaxed.blockedBy.zoneId, ...(rule ? { ruleId: rule } : {}), details: { cruiseAglM: h } }),
      };
    }
    const { repl } = relaxed;
    const crossH = inp.crossingAgl === undefined ? undefined : Math.max(h, inp.crossingAgl);
    const shapes = (box: SearchBox): Shape[] => field.shapesIn(box).map((s) => repl.get(s) ?? s);
    baseShapes ??= shapes;
    // crossing candidates of the crossable waterways, from the bank edges in the round's box (each edge once)
    const seenEdges = new Map<string, Set<BankEdge>>();
    const known: CrossingCandidate[] = [];
    const special = (box: SearchBox): CrossingCandidate[] => {
      if (crossH === undefined) return [];
      const zones = new Set(field.volumesIn(box).filter((x) => x.cls.crossable).map((x) => x.volume.zone));
      for (const zone of zones) {
        let seen = seenEdges.get(zone.id);
        if (!seen) { seen = new Set(); seenEdges.set(zone.id, seen); }
        known.push(...crossingCandidates(waterBodyOf(zone.id, volumesOfZone(inp.index, zone)), box, inp.marginM, seen));
      }
      return known.slice();
    };
    const specialValid = memo((e: SpecialEdge) => crossingClear(ctx, highFields, e as CrossingCandidate, crossH!));
    const specialConfirm = memo((e: SpecialEdge) => crossingLegal(inp, e as CrossingCandidate, h, crossH!));
    const r = shortestPath({
      sx: inp.sx, sy: inp.sy, gx: inp.gx, gy: inp.gy, shapes, special, specialValid, specialConfirm, maxLengthM: inp.maxLengthM, ...(inp.budget ? { budget: inp.budget } : {}),
    });
    if (r.kind === 'limit') {
      return { ok: false, result: refuse('SEARCH_LIMIT', `the route search gave up after examining its budget of candidate legs (${r.stats.nodes} turning points, ${r.stats.shapes} obstacles); split the delivery at an intermediate hub or simplify the airspace data.`, { details: { ...r.stats } }) };
    }
    if (r.kind === 'found') {
      const path = { xs: [...r.xs], ys: [...r.ys], special: r.special as (CrossingCandidate | undefined)[] };
      refineCrossings(path, refineTests(path, shapes, specialValid, specialConfirm), inp.marginM);
      const heights = path.special.map((s) => (s !== undefined ? crossH ?? h : h));
      const lowerTo = inp.lowerToAglM !== undefined && inp.lowerToAglM < h;
      const base = lowerTo ? inp.lowerToAglM! : inp.cruiseHeights[0]!;
      const lowShapes = lowerTo ? shapesAt(ctx, inp, base) : baseShapes;
      if (h === base || !lowShapes) return { ok: true, xs: path.xs, ys: path.ys, heights, warnings, stats: r.stats };
      const why = lowerTo ? `to overfly what blocks ${base} m AGL there` : `where no route at ${base} m AGL avoids every obstacle`;
      const raised = { xs: path.xs, ys: path.ys, heights, warnings: [...warnings, lowerTo ? `cruise raised to ${h} m AGL throughout ${why}` : `cruise raised to ${h} m AGL: no route at ${base} m AGL avoids every obstacle`] };
      // raised only where the preferred height is blocked (per-leg heights)
      const low = lowerLegs({ xs: path.xs, ys: path.ys, heights, fixed: path.special.map((k) => k !== undefined) }, base, heightTests(path, lowShapes), MIN_LOWERED_STRETCH_M);
      const raisedM = low.heights.reduce((sum, hh, i) => sum + (hh > base ? Math.hypot(low.xs[i + 1]! - low.xs[i]!, low.ys[i + 1]! - low.ys[i]!) : 0), 0);
      const lowWarnings = [...warnings, `cruise raised to ${h} m AGL over ${r1(raisedM / 1000)} km ${why}; ${base} m AGL elsewhere`];
      return { ok: true, xs: low.xs, ys: low.ys, heights: low.heights, warnings: lowWarnings, stats: r.stats, raised };
    }
    searchedToM = Math.max(searchedToM, r.searchedToM);
    // the higher cruise exists only for nature reserves (Nr. 6): skip it when none is in the way
    // (every zone within the searched range has been classified by now)
    const natureNear = [...field.classes.values()].some((c) => c.role !== 'none' && (c.zone.categories.includes('NATURE') || c.zone.categories.includes('NATIONAL_PARK')));
    if (!natureNear) break;
  }
  // explain: which obstacles block the straight line
  const blockers = new Map<string, string>();
  const straightBox = { minX: Math.min(inp.sx, inp.gx), minY: Math.min(inp.sy, inp.gy), maxX: Math.max(inp.sx, inp.gx), maxY: Math.max(inp.sy, inp.gy) };
  for (const s of firstField?.shapesIn(straightBox) ?? []) {
    if (segmentBlocked(s, inp.sx, inp.sy, inp.gx, inp.gy) && !blockers.has(s.zoneId)) {
      const c = firstField!.classes.get(s.zoneId);
      blockers.set(s.zoneId, `${s.zoneId} (${c?.blocking?.ruleId ?? 'obstacle'})`);
    }
  }
  const first = [...blockers.keys()][0];
  const firstRule = first ? firstField?.classes.get(first)?.blocking?.ruleId : undefined;
  return {
    ok: false,
    result: refuse('NO_ROUTE',
      `no legal route within ${r1(searchedToM / 1000)} km (the vehicle's range) at ${tried.join(' or ')} m AGL; the straight line is blocked by ${[...blockers.values()].join(', ') || 'obstacles near the endpoints'}. Add consents for the zones you may enter, choose other points, or fly at another time.`,
      { ...(first ? { zoneId: first } : {}), ...(firstRule ? { ruleId: firstRule } : {}), details: { blockingZones: [...blockers.keys()], searchedToM: Math.round(searchedToM), cruiseAglM: tried } }),
  };
}
