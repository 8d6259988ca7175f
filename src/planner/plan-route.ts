/**
 * planRoute: the best legal 3-D delivery route between two points, or a refusal that says why.
 * Pure: no I/O, no timers, no globals. See docs/planner.md for the algorithm.
 */
import { DFS_GENERAL_CLEARANCE_MAX_AGL_M } from '../airspace/rules/category-rules.js';
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import type { HeightOptions } from '../airspace/types.js';
import { distanceM } from '../geo/distance.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { toLocalXY } from '../geo/to-local.js';
import { buildLegs, MIN_GROUND_SPEED_MPS, type PathPoint } from './build-legs.js';
import { flatTerrain, NATURE_OVERFLIGHT_AGL_M, resolveOptions, WATERWAY_CROSSING_AGL_M } from './defaults.js';
import { checkEndpoint } from './endpoint-check.js';
import { pointOfNoReturnM } from './point-of-no-return.js';
import { refuse } from './refusals.js';
import { routeGeoJson } from './route-geojson.js';
import { findPath } from './find-path.js';
import type { PlanRequest, PlanResult, Route, Terrain } from './types.js';
import { requestProblem } from './validate-request.js';
import { verifyRoute, type Verified } from './verify-route.js';
import type { ObstacleSet } from '../obstacles/clearance.js';
import { endpointObstacleRefusal, legObstacleRefusal, planWithObstacles, structureLayers, type PlannerObstacles } from './obstacles.js';

const r1 = (x: number): number => Math.round(x * 10) / 10;

/** How far outside the data set's zones a point may lie, metres (beyond, the data set says nothing about it). */
export const COVERAGE_MARGIN_M = 50_000;

/**
 * A refusal when an endpoint lies far outside the airspace data: the local frame is made for the
 * data set's area, and no zone data there means no judgement (a plan across the antimeridian from
 * a Hamburg data set, a point on another continent).
 */
function outsideCoverage(index: AirspaceIndex, ...pts: ReadonlyArray<{ lat: number; lon: number }>): PlanResult | undefined {
  const root = index.tree.toJSON() as { minX: number; minY: number; maxX: number; maxY: number };
  const empty = index.volumes.length === 0;
  const box = empty ? { minX: 0, minY: 0, maxX: 0, maxY: 0 } : root;
  const names = ['from', 'to'];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const [x, y] = toLocalXY(index.frame, p.lon, p.lat);
    const dx = Math.max(box.minX - x, 0, x - box.maxX), dy = Math.max(box.minY - y, 0, y - box.maxY);
    const d = Math.hypot(dx, dy);
    // longitudes wrap: a point half a world away can come out near in x; compare angles too
    const far = Math.abs(p.lat - index.frame.origin.lat) > 10 || Math.abs(((p.lon - index.frame.origin.lon + 540) % 360) - 180) > 20;
    if (!(d <= COVERAGE_MARGIN_M) || far) {
      return refuse('OUTSIDE_COVERAGE', `plan request: ${names[i]} (${p.lat}, ${p.lon}) lies ${far ? 'far' : `${Math.round(d / 1000)} km`} outside the airspace data (${index.zones.length} zones); plan only where the data set covers, or load the data set for that area.`, { details: { field: names[i], ...(far ? {} : { distanceKm: Math.round(d / 1000) }), coverageMarginKm: COVERAGE_MARGIN_M / 1000 } });
    }
  }
  return undefined;
}

/**
 * Plans a delivery: optimal horizontal path around every zone that is an obstacle at the time of
 * passage (visibility graph + A*, exact up to 0.26 % on round corners), federal waterways crossed
 * perpendicularly at ≥ 100 m AGL, vertical profile, wind, energy and reserve, then a final check of
 * the whole route by the rules engine.
 * @example
 * const index = createAirspaceIndex(zones);
 * const r = planRoute({ from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, vehicle, profile, mode: 'land' }, { index });
 * r.ok ? r.route.distanceM : r.refusal.code; // → ≈ 4 600 (around the hospitals' neighbours) or a refusal code
 */
export function planRoute(request: PlanRequest, airspace: { readonly index: AirspaceIndex; readonly obstacles?: PlannerObstacles }, terrain: Terrain = flatTerrain()): PlanResult {
  if (requestProblem(request) || !airspace.obstacles) return planCore(request, airspace.index, undefined, terrain);
  return planWithObstacles(request, airspace.index, airspace.obstacles, terrain, planCore);
}

/** planRoute at the preferred cruise height, around zones and (when given) structures. */
function planCore(request: PlanRequest, index: AirspaceIndex, structures: ObstacleSet | undefined, terrain: Terrain, lowerToAglM?: number): PlanResult {
  const problem = requestProblem(request);
  if (problem) return refuse('REQUEST_INVALID', `plan request: ${problem}.`);
  const { vehicle: v, profile, wind } = request;
  const opts = resolveOptions(request);
  const departAt = request.departAt ?? profile.departureTime;
  const departMs = Date.parse(departAt);
  const heights: HeightOptions = {
    groundAmslM: (p) => terrain.groundAmslM(p),
    ...(request.options?.geoidUndulationM !== undefined ? { geoidUndulationM: request.options.geoidUndulationM } : {}),
  };

  if (wind && wind.speedMps > v.maxWindMps) {
    return refuse('WIND_TOO_STRONG', `wind ${r1(wind.speedMps)} m/s exceeds the ${v.name} limit of ${v.maxWindMps} m/s; wait for calmer wind or use a vehicle rated for it.`, { details: { windMps: wind.speedMps, maxWindMps: v.maxWindMps } });
  }
  if (wind && wind.speedMps > v.cruiseSpeedMps - MIN_GROUND_SPEED_MPS) {
    return refuse('WIND_TOO_STRONG', `wind ${r1(wind.speedMps)} m/s leaves the ${v.name} (${v.cruiseSpeedMps} m/s air speed) less than ${MIN_GROUND_SPEED_MPS} m/s ground speed into the wind: it could not hold position or come back; wait for calmer wind or use a faster vehicle.`, { details: { windMps: wind.speedMps, cruiseSpeedMps: v.cruiseSpeedMps } });
  }
  if (opts.cruiseFloorAglM > opts.cruiseCeilingAglM) {
    return refuse('HEIGHT_CEILING', `cruise floor ${opts.cruiseFloorAglM} m AGL is above the ceiling ${opts.cruiseCeilingAglM} m AGL (HEIGHT-CEILING-120); lower the floor or raise the ceiling within the operation's authorisation.`, { ruleId: 'HEIGHT-CEILING-120', details: { floorAglM: opts.cruiseFloorAglM, ceilingAglM: opts.cruiseCeilingAglM } });
  }
  const outside = outsideCoverage(index, request.from, request.to);
  if (outside) return outside;
  const straight = distanceM(request.from, request.to);
  if (straight < 1) return refuse('REQUEST_INVALID', 'plan request: from and to are the same point; nothing to plan.');

  let base = Math.min(Math.max(opts.preferredCruiseAglM, opts.cruiseFloorAglM), opts.cruiseCeilingAglM);
  if (profile.atcClearance === 'general' && profile.vlos) base = Math.min(base, DFS_GENERAL_CLEARANCE_MAX_AGL_M);
  const crossingAgl = WATERWAY_CROSSING_AGL_M <= opts.cruiseCeilingAglM ? WATERWAY_CROSSING_AGL_M : undefined;
  // nature reserves (Nr. 6) only when no route avoids them: a second search at > 100 m AGL
  const cruiseHeights = [base, ...(NATURE_OVERFLIGHT_AGL_M <= opts.cruiseCeilingAglM && NATURE_OVERFLIGHT_AGL_M > base ? [NATURE_OVERFLIGHT_AGL_M] : [])];

  const usableWh = v.batteryWh * (1 - v.reservePct / 100);
  const enduranceS = (usableWh * 3600) / v.cruisePowerW;
  const maxGround = v.cruiseSpeedMps + (wind?.speedMps ?? 0);
  // the outbound path can be at most this long: still-air endurance at the best possible ground speed
  const rangeM = (enduranceS * maxGround) / (request.mode === 'drop-and-return' ? 2 : 1);
  // lower bound of the energy: the straight line at the best ground speed, climb and descent
  const legsOut = request.mode === 'drop-and-return' ? 2 : 1;
  const boundWh = (v.cruisePowerW * ((straight * legsOut) / maxGround) + v.climbPowerW * (base / v.climbRateMps) * legsOut + v.hoverPowerW * (base / v.descentRateMps) * legsOut) / 3600;
  if (boundWh > usableWh) {
    return refuse('ENERGY_INSUFFICIENT',
      `even the straight line (${r1(straight / 1000)} km${legsOut === 2 ? ' out and back' : ''}) needs at least ${r1(boundWh)} Wh, more than the ${r1(usableWh)} Wh the ${v.name} may use above its ${v.reservePct} % reserve; use a vehicle with more battery or a closer hub.`,
      { details: { minEnergyWh: r1(boundWh), usableWh: r1(usableWh), batteryWh: v.batteryWh, requiredReservePct: v.reservePct, straightM: Math.round(straight) } });
  }
  const latestMs = departMs + ((v.batteryWh * 3600) / Math.min(v.hoverPowerW, v.cruisePowerW, v.climbPowerW)) * 1000;

  const startCheck = checkEndpoint(index, 'start', request.from, 0, base, profile, heights, departMs, base / v.climbRateMps);
  if (startCheck) return startCheck;
  const arriveMs = departMs + (straight / v.cruiseSpeedMps) * 1000;
  const low = request.mode === 'land' ? 0 : opts.dropHeightAglM;
  const endCheck = checkEndpoint(index, 'destination', request.to, low, base, profile, heights, arriveMs, (base - low) / v.descentRateMps);
  if (endCheck) return endCheck;
  const structureCheck = structures && (endpointObstacleRefusal(structures, 'start', request.from, 0, base) ?? endpointObstacleRefusal(structures, 'destination', request.to, low, base));
  if (structureCheck) return structureCheck;

  const [sx, sy] = toLocalXY(index.frame, request.from.lon, request.from.lat);
  const [gx, gy] = toLocalXY(index.frame, request.to.lon, request.to.lat);
  const found = findPath({
    index, profile, heights, marginM: opts.safetyMarginM, departMs, latestMs, maxGroundSpeedMps: maxGround,
    sx, sy, gx, gy, maxLengthM: Math.max(rangeM, straight * 1.01), cruiseHeights, crossingAgl, climbRateMps: v.climbRateMps,
    ...(structures ? { structures: structureLayers(structures) } : {}),
    ...(lowerToAglM !== undefined ? { lowerToAglM } : {}),
  });
  if (!found.ok) return found.result;
  // the path with per-leg heights; if the rules engine refuses it (a climb column between the
  // heights), the same path raised throughout
  type Path = { xs: number[]; ys: number[]; heights: number[]; warnings: string[] };
  const fly = (path: Path): Extract<PlanResult, { ok: false }> | { plan: ReturnType<typeof buildLegs>; verified: Verified; warnings: string[] } => {
    // a raised cruise climbs higher over the endpoints: check those columns again
    const h0 = path.heights[0] ?? base, h1 = path.heights[path.heights.length - 1] ?? base;
    if (h0 !== base) {
      const again = checkEndpoint(index, 'start', request.from, 0, h0, profile, heights, departMs, h0 / v.climbRateMps);
      if (again) return again;
    }
    if (h1 !== base) {
      const again = checkEndpoint(index, 'destination', request.to, low, h1, profile, heights, arriveMs, (h1 - low) / v.descentRateMps);
      if (again) return again;
    }
    const pts: PathPoint[] = path.xs.map((x, i) => {
      const ll = i === 0 ? request.from : i === path.xs.length - 1 ? request.to : toGeodetic(index.frame, { eastM: x, northM: path.ys[i]! });
      return { lat: ll.lat, lon: ll.lon, cruiseAglM: path.heights[i] ?? path.heights[path.heights.length - 1] ?? base };
    });
    const plan = buildLegs(pts, v, request.mode, wind, { heightAglM: opts.dropHeightAglM, hoverS: opts.dropHoverS });
    if (plan.windFailure) {
      return refuse('WIND_TOO_STRONG', `wind ${r1(wind?.speedMps ?? 0)} m/s from ${r1(wind?.fromDeg ?? 0)}° leaves no usable ground speed (≥ 1 m/s) at ${v.cruiseSpeedMps} m/s air speed on the leg tracking ${Math.round(plan.windFailure.trackDeg)}°; wait for calmer wind or use a faster vehicle.`, { details: { ...plan.windFailure, windMps: wind?.speedMps, cruiseSpeedMps: v.cruiseSpeedMps } });
    }
    const structureViolation = structures && legObstacleRefusal(structures, plan.legs);
    if (structureViolation) return structureViolation;
    const verified = verifyRoute(index, plan.legs, profile, heights, departMs);
    return 'ok' in verified ? verified : { plan, verified, warnings: path.warnings };
  };
  let flown = fly(found);
  if ('ok' in flown && flown.refusal.code === 'INTERNAL_ROUTE_CHECK' && found.raised) flown = fly(found.raised);
  if ('ok' in flown) return flown;
  const { plan, verified } = flown;
  const legs = plan.legs;

  const distance = legs.reduce((s, l) => s + l.horizontalM, 0);
  const duration = legs.reduce((s, l) => s + l.durationS, 0);
  const energy = legs.reduce((s, l) => s + l.energyWh, 0);
  const reservePct = ((v.batteryWh - energy) / v.batteryWh) * 100;
  if (reservePct < v.reservePct) {
    const pnrRefused = request.mode === 'drop-and-return' ? { pointOfNoReturnM: Math.round(pointOfNoReturnM(legs, plan.deliveryLegIndex, v, wind)) } : {};
    return refuse('ENERGY_INSUFFICIENT',
      `the route needs ${r1(energy)} Wh of the ${v.name}'s ${v.batteryWh} Wh and would land with ${r1(reservePct)} % left, below the ${v.reservePct} % reserve (${r1(distance / 1000)} km, ${Math.round(duration / 60)} min${wind ? `, wind ${r1(wind.speedMps)} m/s from ${r1(wind.fromDeg)}°` : ''}); use a vehicle with more battery, a closer hub, or wait for calmer wind.`,
      { details: { energyWh: r1(energy), batteryWh: v.batteryWh, reservePct: r1(reservePct), requiredReservePct: v.reservePct, distanceM: Math.round(distance), durationS: Math.round(duration), ...pnrRefused } });
  }
  const pnr = request.mode === 'drop-and-return' ? pointOfNoReturnM(legs, plan.deliveryLegIndex, v, wind) : undefined;
  const warnings = [...flown.warnings, ...verified.warnings];
  const route: Route = {
    request, legs, deliveryLegIndex: plan.deliveryLegIndex, distanceM: distance, durationS: duration, energyWh: energy, reservePct,
    ...(pnr !== undefined ? { pointOfNoReturnM: pnr } : {}),
    zones: verified.zones, ceiling: verified.ceiling, warnings,
    geojson: routeGeoJson(legs, plan.deliveryLegIndex, { distanceM: Math.round(distance), durationS: Math.round(duration), energyWh: r1(energy), reservePct: r1(reservePct), mode: request.mode, vehicle: v.id }),
  };
  return { ok: true, route };
}
