/**
 * Vertical obstacles in the planner (docs/obstacles.md). The seam to the search is narrow: a
 * structure whose top plus the vertical clearance reaches above a cruise height is one more
 * lateral obstacle shape at that height (footprint widened by the horizontal clearance), added to
 * what the zone field returns. Around the search: endpoints must lie outside every keep-out volume;
 * the finished legs are checked against the rule (OBSTACLE-CLEARANCE); and where the straight
 * line is blocked by structures low enough to overfly under the ceiling, the route raised over
 * them is planned too and the cheaper one (energy) is kept, with the reason in the plan.
 */
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import { DFS_GENERAL_CLEARANCE_MAX_AGL_M } from '../airspace/rules/category-rules.js';
import { distanceM } from '../geo/distance.js';
import { toLocalXY } from '../geo/to-local.js';
import { compileObstacles, describeConflict, footprintDistanceM, relaxForEndpoints, segmentConflicts, type CompiledObstacle, type ObstacleSet } from '../obstacles/clearance.js';
import { DEFAULT_OBSTACLE_CLEARANCE, OBSTACLE_RULE_ID, type Obstacle, type ObstacleClearance } from '../obstacles/types.js';
import { resolveOptions } from './defaults.js';
import type { Box, ObstacleField } from './obstacle-field.js';
import { refuse } from './refusals.js';
import { makeShape, type Shape } from './shapes.js';
import type { Leg, PlanRequest, PlanResult, Route, RouteObstacle, Terrain } from './types.js';

/** What planRoute takes besides the airspace: the structures and the clearance to keep. */
export interface PlannerObstacles {
  readonly list: readonly Obstacle[];
  /** Default 50 m horizontally, 50 m above the top. */
  readonly clearance?: ObstacleClearance;
}

/** The structure shapes at a cruise height, for the zone field (FieldContext.structures). */
export interface StructureLayers {
  at(heightAglM: number): { shapesIn(box: Box): Shape[] };
}

/**
 * The search keeps this much beyond a structure's horizontal clearance, metres, as it keeps its
 * safety margin around zones: a vehicle tracks a planned line within about 1.3 m on real PX4
 * (docs/px4-conformance.md) and conformance alerts at the clearance itself. Beside a pad only what
 * leaves the pad outside the shape (its relaxed clearance already holds PAD_NAV_TOLERANCE_M).
 */
export const STRUCTURE_TRACK_MARGIN_M = 3;

/** Structures shown along a route (altitude profile) when this close to a cruise leg, metres. */
const PROFILE_REACH_M = 300;
const r1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Per-height views of one compiled set; each structure's shape is made once.
 * @example
 * structureLayers(set).at(60).shapesIn({ minX: -500, minY: -500, maxX: 500, maxY: 500 }); // → the towers near the origin above 10 m AGL
 */
export function structureLayers(set: ObstacleSet): StructureLayers {
  const shapes = new Map<CompiledObstacle, Shape>();
  const { verticalM } = set.clearance;
  const shapeOf = (c: CompiledObstacle): Shape => {
    let s = shapes.get(c);
    if (!s) {
      // a zero clearance still needs a positive radius for the arc nodes
      const r = c.clearanceM + (c.padM === undefined ? STRUCTURE_TRACK_MARGIN_M : Math.max(0, Math.min(STRUCTURE_TRACK_MARGIN_M, c.padM - c.clearanceM - 0.5)));
      s = c.ring
        ? makeShape({ kind: 'poly', ring: c.ring }, Math.max(r, 0.5), c.obstacle.id, -1)
        : c.path
          ? makeShape({ kind: 'tube', pts: c.path }, Math.max(c.footR + r, 0.5), c.obstacle.id, -1)
          : makeShape({ kind: 'disc', cx: c.cx, cy: c.cy }, Math.max(c.footR + r, 0.5), c.obstacle.id, -1);
      shapes.set(c, s);
    }
    return s;
  };
  return {
    at: (h) => ({
      // the tree's boxes hold the clearance; the shapes reach STRUCTURE_TRACK_MARGIN_M further
      shapesIn: (box) => set.tree.search({ minX: box.minX - STRUCTURE_TRACK_MARGIN_M, minY: box.minY - STRUCTURE_TRACK_MARGIN_M, maxX: box.maxX + STRUCTURE_TRACK_MARGIN_M, maxY: box.maxY + STRUCTURE_TRACK_MARGIN_M })
        .filter((c) => c.topAglM + verticalM > h + 1e-6).map(shapeOf),
    }),
  };
}

/**
 * The zone field with the structures at its height added (the one call in obstacle-field.ts).
 * @example
 * withStructures(field, layers.at(60)).shapesIn(box); // → zone shapes, then structure shapes
 */
export function withStructures(field: ObstacleField, layer: { shapesIn(box: Box): Shape[] }): ObstacleField {
  return {
    heightAglM: field.heightAglM, classes: field.classes, volumesIn: (box) => field.volumesIn(box),
    shapesIn: (box) => {
      const extra = layer.shapesIn(box);
      return extra.length === 0 ? field.shapesIn(box) : [...field.shapesIn(box), ...extra];
    },
  };
}

/**
 * START_IN_ZONE / DESTINATION_IN_ZONE when the climb or descent column at an endpoint lies in a
 * structure's keep-out volume (it reaches from the ground: every structure counts).
 */
export function endpointObstacleRefusal(set: ObstacleSet, which: 'start' | 'destination', p: { lat: number; lon: number }, lowAglM: number, highAglM: number): Extract<PlanResult, { ok: false }> | undefined {
  const c = segmentConflicts(set, { ...p, altAglM: lowAglM }, { ...p, altAglM: highAglM })[0];
  if (!c) return undefined;
  return refuse(which === 'start' ? 'START_IN_ZONE' : 'DESTINATION_IN_ZONE',
    `the ${which}'s ${which === 'start' ? 'climb' : 'descent'} column is ${describeConflict(c)}: it stands on the structure's footprint. Choose a point beside it.`,
    { zoneId: c.obstacle.id, ruleId: OBSTACLE_RULE_ID, details: { obstacleId: c.obstacle.id, horizontalM: r1(c.horizontalM), topAglM: r1(c.topAglM), clearance: set.clearance } });
}

/** INTERNAL_ROUTE_CHECK when a finished leg enters a keep-out volume (the search should never allow it). */
export function legObstacleRefusal(set: ObstacleSet, legs: readonly Leg[]): Extract<PlanResult, { ok: false }> | undefined {
  const violations = legs.flatMap((l, legIndex) => segmentConflicts(set, l.from, l.to).map((c) => ({ legIndex, obstacleId: c.obstacle.id, message: describeConflict(c) })));
  if (violations.length === 0) return undefined;
  return refuse('INTERNAL_ROUTE_CHECK', `the planned route failed the obstacle check: leg ${violations[0]!.legIndex} is ${violations[0]!.message}; the route is withheld.`,
    { ruleId: OBSTACLE_RULE_ID, zoneId: violations[0]!.obstacleId, details: { violations } });
}

/** Structures within PROFILE_REACH_M of the route's cruise legs, in route order (altitude profile, map). */
export function routeObstacles(set: ObstacleSet, legs: readonly Leg[]): RouteObstacle[] {
  const best = new Map<string, RouteObstacle>();
  let along = 0;
  legs.forEach((l, legIndex) => {
    if (l.horizontalM > 0) {
      const [ax, ay] = toLocalXY(set.frame, l.from.lon, l.from.lat);
      const [bx, by] = toLocalXY(set.frame, l.to.lon, l.to.lat);
      const box = { minX: Math.min(ax, bx) - PROFILE_REACH_M, minY: Math.min(ay, by) - PROFILE_REACH_M, maxX: Math.max(ax, bx) + PROFILE_REACH_M, maxY: Math.max(ay, by) + PROFILE_REACH_M };
      for (const c of set.tree.search(box)) {
        const d = footprintDistanceM(c, ax, ay, bx, by);
        if (d > PROFILE_REACH_M || (best.get(c.obstacle.id)?.horizontalM ?? Infinity) <= d) continue;
        const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
        const t = len2 > 0 ? Math.min(1, Math.max(0, ((c.cx - ax) * (bx - ax) + (c.cy - ay) * (by - ay)) / len2)) : 0;
        const altAglM = Math.min(l.from.altAglM, l.to.altAglM);
        best.set(c.obstacle.id, {
          id: c.obstacle.id, name: c.obstacle.name, type: c.obstacle.type, topAglM: r1(c.topAglM), legIndex,
          alongM: Math.round(along + t * l.horizontalM), horizontalM: r1(d), altAglM,
          inBand: c.topAglM + set.clearance.verticalM > altAglM,
        });
      }
    }
    along += l.horizontalM;
  });
  return [...best.values()].sort((a, b) => a.alongM - b.alongM);
}

/** The core planner; `lowerToAglM`: fly the path found at the request's cruise height this low wherever legal. */
type Core = (request: PlanRequest, index: AirspaceIndex, structures: ObstacleSet | undefined, terrain: Terrain, lowerToAglM?: number) => PlanResult;

/** How much of the route's cruise flies above `base`: "raised to 90 m AGL over 0.2 of 1.1 km, 60 m AGL elsewhere" or "cruise raised to 90 m AGL". */
function raisedPart(route: Route, base: number, over: number): string {
  const cruise = route.legs.filter((l) => l.horizontalM > 0);
  const total = cruise.reduce((s, l) => s + l.horizontalM, 0);
  const up = cruise.filter((l) => Math.min(l.from.altAglM, l.to.altAglM) > base).reduce((s, l) => s + l.horizontalM, 0);
  const km = (m: number): number => Math.round(m / 100) / 10;
  return up >= total - 1 ? `cruise raised to ${over} m AGL` : `leg raised to ${over} m AGL over ${km(up)} of ${km(total)} km (${base} m AGL elsewhere)`;
}

/**
 * Plans with structures: around them, or over those that the ceiling lets it overfly, whichever
 * needs less energy; the plan states the clearance and the choice.
 * @example
 * planWithObstacles(req, index, { list: hamburg }, flatTerrain(), core).ok; // → true, ≥ 50 m from the television tower
 */
export function planWithObstacles(request: PlanRequest, index: AirspaceIndex, obstacles: PlannerObstacles, terrain: Terrain, core: Core): PlanResult {
  const clearance = obstacles.clearance ?? DEFAULT_OBSTACLE_CLEARANCE;
  const v = request.vehicle;
  const departMs = Date.parse(request.departAt ?? request.profile.departureTime);
  const enduranceMs = ((v?.batteryWh ?? 0) * 3600 * 1000) / Math.max(1e-9, Math.min(v?.hoverPowerW ?? 1, v?.cruisePowerW ?? 1, v?.climbPowerW ?? 1));
  const all = compileObstacles(obstacles.list, index.frame, (p) => terrain.groundAmslM(p), clearance,
    Number.isFinite(departMs) ? { fromMs: departMs, toMs: departMs + (Number.isFinite(enduranceMs) ? enduranceMs : 0) } : undefined);
  const { set, relaxed } = relaxForEndpoints(all, [request.from, request.to]);
  const padNotes = relaxed.map((x) => `clearance to ${x.obstacle.name} (${x.obstacle.id}) reduced from ${r1(x.fromM)} m to ${r1(x.toM)} m: a take-off or landing point lies ${r1(x.pointM)} m from it (climb and descend vertically there)`);
  const around = core(request, index, set, terrain);
  if (!request.from || !request.to || !Number.isFinite(departMs)) return around; // a request refusal: nothing to add
  const opts = resolveOptions(request);
  let base = Math.min(Math.max(opts.preferredCruiseAglM, opts.cruiseFloorAglM), opts.cruiseCeilingAglM);
  const dfs = request.profile.atcClearance === 'general' && request.profile.vlos;
  if (dfs) base = Math.min(base, DFS_GENERAL_CLEARANCE_MAX_AGL_M);
  const blockers = segmentConflicts(set, { ...request.from, altAglM: base }, { ...request.to, altAglM: base });
  const rule = `${OBSTACLE_RULE_ID}: ${clearance.horizontalM} m horizontally or ${clearance.verticalM} m above the top of every structure`;
  const nameOf = (cs: typeof blockers): string => cs.map((c) => `${c.obstacle.name} (${c.obstacle.id}, top ${r1(c.topAglM)} m AGL)`).join(', ');
  const ceiling = dfs ? Math.min(opts.cruiseCeilingAglM, DFS_GENERAL_CLEARANCE_MAX_AGL_M) : opts.cruiseCeilingAglM;
  const overOf = (cs: typeof blockers): number => Math.ceil(Math.max(0, ...cs.map((c) => c.topAglM + clearance.verticalM)));
  // the ones low enough to overfly under the ceiling; the raised search still goes round the rest
  const low = blockers.filter((c) => overOf([c]) <= ceiling), high = blockers.filter((c) => overOf([c]) > ceiling);
  const over = overOf(low);
  const finish = (r: PlanResult, note: string): PlanResult => (r.ok ? { ok: true, route: withObstacleFacts(r.route, set, [`obstacles (${rule})${note}`, ...perLegNotes(r.route, set, blockers), ...padNotes]) } : r);
  if (blockers.length === 0) return finish(around, set.items.length ? ': none in the way of the straight line' : ': no structures in the data for this flight');
  if (low.length === 0) return finish(around, `: went round ${nameOf(blockers)}; overflying would need ${overOf(blockers)} m AGL, above the ${ceiling} m AGL ceiling`);
  // Mixed: at a raise height H the search overflies the structures up to H and goes round the taller
  // ones ("over the low wall, round the slim mast"); each distinct height is one variant (at most
  // MAX_RAISE_VARIANTS: the highest and the lowest), only the legs that meet them climb
  const heights = [...new Set(low.map((c) => overOf([c])))].sort((a, b) => a - b);
  // the highest first (over all of them, as a single raise): its energy often bounds out the others
  const tried = (heights.length <= MAX_RAISE_VARIANTS ? heights : [...heights.slice(0, MAX_RAISE_VARIANTS - 1), over]).reverse();
  // a variant is searched only if its least possible energy (straight line at the best ground
  // speed, one climb to H, one descent from it) is below the best found so far
  const endLowM = request.mode === 'land' ? 0 : opts.dropHeightAglM;
  const straightS = distanceM(request.from, request.to) / (v.cruiseSpeedMps + (request.wind?.speedMps ?? 0));
  const leastWh = (h: number): number => (v.cruisePowerW * straightS + (v.climbPowerW * h) / v.climbRateMps + (v.hoverPowerW * Math.max(0, h - endLowM)) / v.descentRateMps) / 3600;
  let bestWh = around.ok ? around.route.energyWh : Infinity;
  const variants: { h: number; r: PlanResult | undefined }[] = [];
  for (const h of tried) {
    if (leastWh(h) >= bestWh) {
      variants.push({ h, r: undefined });
      continue;
    }
    const r = core({ ...request, options: { ...request.options, preferredCruiseAglM: h } }, index, set, terrain, base);
    if (r.ok) bestWh = Math.min(bestWh, r.route.energyWh);
    variants.push({ h, r });
  }
  const raisedOk = variants.flatMap((x) => (x.r?.ok ? [{ h: x.h, route: x.r.route }] : []));
  const pruned = variants.filter((x) => !x.r).map((x) => `climbing to ${x.h} m AGL (at least ${r1(leastWh(x.h))} Wh)`);
  const cost = (r: Route): string => `${r1(r.energyWh)} Wh, ${r1(r.distanceM / 1000)} km`;
  if (raisedOk.length === 0) {
    const top = variants[0]!.r;
    if (!top) return finish(around, `: went round ${nameOf(blockers)} (${around.ok ? cost(around.route) : ''}), cheaper than ${pruned.join(', ')} over them`);
    return finish(around, `: went round ${nameOf(blockers)}; cruising at ${over} m AGL over ${nameOf(low)} is not possible (${top.ok ? 'no route' : top.refusal.code})`);
  }
  const best = raisedOk.reduce((a, b) => (b.route.energyWh < a.route.energyWh ? b : a));
  const overAt = low.filter((c) => overOf([c]) <= best.h), roundAt = low.filter((c) => overOf([c]) > best.h);
  const names = nameOf(overAt) + (roundAt.length ? ` (and round ${nameOf(roundAt)}, cheaper than climbing to ${overOf(roundAt)} m AGL over ${roundAt.length > 1 ? 'them' : 'it'})` : '')
    + (high.length ? ` (and round ${nameOf(high)}, too high to overfly)` : '');
  const up = raisedPart(best.route, base, best.h);
  const others = [...raisedOk.filter((x) => x !== best).map((x) => `climbing to ${x.h} m AGL (${cost(x.route)})`), ...pruned];
  const andThan = others.length ? `, and than ${others.join(', ')}` : '';
  if (!around.ok) return finish({ ok: true, route: best.route }, `: ${up} to overfly ${names}${others.length ? ` (${cost(best.route)}), cheaper than ${others.join(', ')}` : ''}; going round them is not possible (${around.refusal.code})`);
  return best.route.energyWh < around.route.energyWh
    ? finish({ ok: true, route: best.route }, `: ${up} to overfly ${names} (${cost(best.route)}), cheaper than going round them (${cost(around.route)})${andThan}`)
    : finish(around, `: went round ${nameOf(blockers)} (${cost(around.route)}), cheaper than climbing to ${best.h} m AGL over ${best.h === over && !high.length ? 'them' : nameOf(overAt)} (${cost(best.route)})`);
}

/** Raise heights tried per plan (each one more search): the highest and the lowest. */
const MAX_RAISE_VARIANTS = 2;

/**
 * Per structure in the way, how the chosen route passes it, leg by leg: "over on leg 3 at 90 m
 * AGL" where a leg within its horizontal clearance is above its top + vertical clearance, else
 * "round, closest 50 m beside leg 2" (the nearest in-band leg).
 */
function perLegNotes(route: Route, set: ObstacleSet, blockers: readonly { obstacle: Obstacle }[]): string[] {
  if (blockers.length === 0) return [];
  const legs = route.legs.map((l, i) => ({ l, i, ab: [...toLocalXY(set.frame, l.from.lon, l.from.lat), ...toLocalXY(set.frame, l.to.lon, l.to.lat)] as const })).filter((x) => x.l.horizontalM > 0);
  const parts = blockers.flatMap(({ obstacle }) => {
    const c = set.items.find((x) => x.obstacle === obstacle);
    if (!c) return [];
    const limit = c.topAglM + set.clearance.verticalM;
    const near = legs.map((x) => ({ ...x, d: footprintDistanceM(c, x.ab[0], x.ab[1], x.ab[2], x.ab[3]), alt: Math.min(x.l.from.altAglM, x.l.to.altAglM) }));
    const overLegs = near.filter((x) => x.d < c.clearanceM && x.alt >= limit - 0.01);
    const beside = near.filter((x) => x.alt < limit - 0.01).sort((a, b) => a.d - b.d)[0];
    const how = overLegs.length
      ? `over on leg${overLegs.length > 1 ? 's' : ''} ${overLegs.map((x) => x.i).join(', ')} at ${Math.min(...overLegs.map((x) => x.alt))} m AGL`
      : beside ? `round, closest ${r1(beside.d)} m beside leg ${beside.i}` : 'above every leg';
    return [`${obstacle.name} (${obstacle.id}) ${how}`];
  });
  return parts.length ? [`structures per leg: ${parts.join('; ')}`] : [];
}

function withObstacleFacts(route: Route, set: ObstacleSet, warnings: string[]): Route {
  return { ...route, warnings: [...route.warnings, ...warnings], obstacles: { clearance: set.clearance, passed: routeObstacles(set, route.legs) } };
}
