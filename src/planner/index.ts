/** src/planner: optimal legal 3-D delivery routes, energy and reserve. Pure. See docs/planner.md. */
export * from './types.js';
export { planRoute } from './plan-route.js';
export { PLAN_REFUSAL_CODES, refuse, type PlanRefusalCode } from './refusals.js';
export {
  flatTerrain, resolveOptions, DEFAULT_SAFETY_MARGIN_M, DEFAULT_GROUND_AMSL_M, DEFAULT_PREFERRED_CRUISE_AGL_M, DEFAULT_CRUISE_FLOOR_AGL_M,
  DEFAULT_DROP_HEIGHT_AGL_M, DEFAULT_DROP_HOVER_S, WATERWAY_CROSSING_AGL_M, NATURE_OVERFLIGHT_AGL_M, ARC_STEP_RAD, type ResolvedOptions,
} from './defaults.js';
export { groundSpeed, type GroundSpeed } from './ground-speed.js';
export { buildLegs, type PathPoint, type LegPlan } from './build-legs.js';
export { pointOfNoReturnM } from './point-of-no-return.js';
export { shortestPath, type SearchInput, type SearchResult, type SpecialEdge } from './search.js';
export { makeShape, segmentBlocked, pointBlocked, coreDistance, type Shape, type ShapeCore } from './shapes.js';
export { parseVehicleProfile } from './vehicle-profile.js';
