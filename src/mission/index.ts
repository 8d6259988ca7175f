/**
 * src/mission: Route → PX4 mission items, corridor geofence, rally points and failsafe parameters;
 * mission validation against the airspace; QGC `.plan`, WPL 110 and GeoJSON formats. Pure.
 * See docs/mission.md.
 */
export * from './errors.js';
export { MAV_CMD, MAV_FRAME, GLOBAL_FRAMES, PX4_MAX_FENCE_ITEMS, PX4_MAX_RALLY_POINTS, planItem, e7, fromE7 } from './mav.js';
export { buildMission, horizontalM, type BuildMissionOptions } from './build-mission.js';
export { corridorPolygons, routeCentreline, simplifyXY, type Corridor, type CorridorPolygon } from './corridor.js';
export { buildGeofence, fenceItems, DEFAULT_CORRIDOR_HALF_WIDTH_M, type FenceShape, type Geofence, type GeofenceOptions } from './fence.js';
export { nearbyObstacleCircles, type ExclusionCircle, type NearbyObstacleOptions } from './exclusions.js';
export { chooseRallyPoints, sampleRoute, type RallyOptions, type RallyPlan, type RallyPoint, type RouteSample, type UncoveredSample } from './rally.js';
export { recommendRtlParams, returnAltitudeM, type RecommendedParam, type RtlParamOptions } from './rtl-params.js';
export { buildDeliveryPlan, type DeliveryPlan, type DeliveryPlanOptions } from './build-plan.js';
export { validateMission, type FlownLeg, type MissionValidation, type ValidateMissionOptions, type Violation } from './validate-mission.js';
export { parseQgcPlan, type ParsedPlan } from './qgc-plan.js';
export { toQgcPlan, writeQgcPlan, type PlanExportInput, type QgcPlanDocument } from './qgc-plan-export.js';
export { parseWpl, writeWpl, type ParsedWpl, type WplConvention } from './wpl.js';
export { planGeoJson, routeFeature, missionFeature } from './geojson.js';
