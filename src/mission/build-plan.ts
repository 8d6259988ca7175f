/**
 * One call from a planned Route to everything a vehicle needs: mission items, corridor fence,
 * rally points and the PX4 failsafe parameters that make them work together. Pure.
 */
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import type { AirspaceIndex, OperationProfile } from '../airspace/index.js';
import type { LatLon, Route, Terrain } from '../planner/types.js';
import { buildMission, type BuildMissionOptions } from './build-mission.js';
import { nearbyObstacleCircles } from './exclusions.js';
import { obstacleSetFor, type MissionObstacles } from './obstacle-check.js';
import { exclusionCost, structureExclusions, type StructureExclusion } from './structure-fence.js';
import { segmentConflicts } from '../obstacles/clearance.js';
import { buildGeofence, DEFAULT_CORRIDOR_HALF_WIDTH_M, type Geofence, type GeofenceOptions } from './fence.js';
import { PX4_MAX_FENCE_ITEMS } from './mav.js';
import { chooseRallyPoints, type RallyPlan } from './rally.js';
import { recommendRtlParams, returnAltitudeM, type RecommendedParam } from './rtl-params.js';

/** Circular obstacle zones this close to the track get an exclusion circle, metres. */
export const DEFAULT_EXCLUDE_WITHIN_M = 150;
/** Narrowest corridor chosen from a small planner margin, metres. */
export const MIN_CORRIDOR_HALF_WIDTH_M = 5;

export interface DeliveryPlanOptions extends Omit<BuildMissionOptions, 'terrain'> {
  readonly index: AirspaceIndex;
  /** Default: the route request's profile. */
  readonly profile?: OperationProfile;
  readonly terrain?: Terrain;
  readonly fence?: GeofenceOptions;
  readonly maxRallyPoints?: number;
  readonly rallySpacingM?: number;
  /** Exclusion circles for circular obstacle zones whose edge is this close to the track (default 150 m; 0 = none). */
  readonly excludeObstaclesWithinM?: number;
  /** At most this many automatic exclusion areas (circles, structure polygons), within the fence budget (default 8). */
  readonly maxExclusionCircles?: number;
  /** Vertical obstacles: exclusion circles near the track, rally points and Return lines clear of them. */
  readonly obstacles?: MissionObstacles;
}

export interface DeliveryPlan {
  readonly home: LatLon & { readonly altAmslM: number };
  readonly mission: readonly MissionItem[];
  readonly fence: Geofence;
  readonly rally: RallyPlan;
  readonly params: readonly RecommendedParam[];
  readonly warnings: readonly string[];
}

/**
 * Mission, fence, rally points and failsafe parameters for a route.
 * @example
 * const plan = buildDeliveryPlan(route, { index, homeAmslM: 10 });
 * plan.mission.length; plan.fence.items.length; plan.rally.items.length; plan.params;
 */
export function buildDeliveryPlan(route: Route, options: DeliveryPlanOptions): DeliveryPlan {
  const profile = options.profile ?? route.request.profile;
  const mission = buildMission(route, options);
  // the corridor stays inside the planner's obstacle margin (15 m for the default 20 m), but no
  // narrower than 5 m, which position hold in gusts needs
  const margin = route.request.options?.safetyMarginM;
  const halfWidthM = options.fence?.halfWidthM ?? (margin !== undefined ? Math.max(MIN_CORRIDOR_HALF_WIDTH_M, Math.min(DEFAULT_CORRIDOR_HALF_WIDTH_M, 0.75 * margin)) : DEFAULT_CORRIDOR_HALF_WIDTH_M);
  let fence = buildGeofence(route, { ...options.fence, halfWidthM });
  // exclusion circles only in the room the corridor leaves, so they never narrow its budget
  const within = options.excludeObstaclesWithinM ?? DEFAULT_EXCLUDE_WITHIN_M;
  const departMs = Date.parse(route.request.departAt ?? profile.departureTime);
  const structures = options.obstacles && obstacleSetFor(options.obstacles, options.index.frame, options.terrain ?? options.homeAmslM, { fromMs: departMs, toMs: departMs + route.durationS * 1000 }, [route.request.from, route.request.to]);
  let itemsLeft = (options.fence?.maxItems ?? PX4_MAX_FENCE_ITEMS) - fence.items.length;
  const room = Math.min(options.maxExclusionCircles ?? 8, itemsLeft);
  if (within > 0 && room > 0) {
    const minGapM = fence.corridor.halfWidthM + 1;
    const zones: StructureExclusion[] = nearbyObstacleCircles(route, { index: options.index, profile, withinM: within, minGapM }).map((c) => ({ kind: 'circle', ...c }));
    // zones first (the law), then structures nearest first, each while its items fit the budget
    const near: StructureExclusion[] = [];
    for (const x of [...zones, ...(structures ? structureExclusions(route, structures, within, minGapM) : [])]) {
      if (near.length >= room || exclusionCost(x) > itemsLeft) continue;
      near.push(x);
      itemsLeft -= exclusionCost(x);
    }
    if (near.length) {
      fence = buildGeofence(route, {
        ...options.fence, halfWidthM,
        exclusionCircles: [...(options.fence?.exclusionCircles ?? []), ...near.flatMap((x) => (x.kind === 'circle' ? [{ center: x.center, radiusM: x.radiusM, zoneId: x.zoneId }] : []))],
        exclusionPolygons: [...(options.fence?.exclusionPolygons ?? []), ...near.flatMap((x) => (x.kind === 'polygon' ? [{ vertices: x.vertices, zoneId: x.zoneId }] : []))],
      });
    }
  }
  const params = recommendRtlParams(route, { ceilingAglM: profile.heightCeilingAglM });
  const rally = chooseRallyPoints(route, {
    index: options.index, profile, homeAmslM: options.homeAmslM, returnAltM: returnAltitudeM(route),
    ...(options.terrain ? { terrain: options.terrain } : {}),
    ...(options.maxRallyPoints !== undefined ? { maxPoints: options.maxRallyPoints } : {}),
    ...(options.rallySpacingM !== undefined ? { spacingM: options.rallySpacingM } : {}),
    ...(structures ? {
      lineBlockers: (a: LatLon & { altAglM: number }, b: LatLon & { altAglM: number }) => segmentConflicts(structures, a, b).map((c) => c.obstacle.id),
      pointUnsafe: (p: LatLon, top: number) => segmentConflicts(structures, { ...p, altAglM: 0 }, { ...p, altAglM: top }).length > 0,
    } : {}),
  });
  const warnings: string[] = [];
  if (fence.corridor.toleranceM > 1) {
    warnings.push(`the fence corridor was widened from ${fence.corridor.requestedHalfWidthM} m to ${fence.corridor.halfWidthM.toFixed(1)} m to fit ${fence.items.length} fence items`);
  }
  if (rally.uncovered.length) {
    const zones = [...new Set(rally.uncovered.flatMap((u) => u.zoneIds))].join(', ');
    const first = rally.uncovered[0]!;
    warnings.push(`a Return from ${rally.uncovered.length} of ${rally.samples} route points (first at ${Math.round(first.alongM)} m) would cross ${zones} with ${rally.points.length} rally points; add consents or shorten the route`);
  }
  const h = route.legs[0]!.from;
  return { home: { lat: h.lat, lon: h.lon, altAmslM: options.homeAmslM }, mission, fence, rally, params, warnings };
}
