/**
 * src/airspace: geographic zones, LuftVO §21h rules, ED-269/ED-318 formats and spatial queries.
 * Pure: no file access (the loader is `src/io/airspace-file.ts`).
 */
export * from './errors.js';
export * from './types.js';
export * from './rule-ids.js';
export * from './profile.js';
export * from './local-time.js';
export * from './is-active-at.js';
export * from './is-active-during.js';
export * from './evaluate-zone.js';
export * from './check-height-ceiling.js';
export * from './rules/decision.js';
export { checkCondition, resolvePassage, obstacleOnWhole, type PassagePart } from './rules/resolve-passage.js';
export {
  CATEGORY_RULE, WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG, LUFTVO_HIGH_OVERFLIGHT_AGL_M, LUFTVO_MIN_LATERAL_DISTANCE_M,
  DFS_GENERAL_CLEARANCE_MAX_AGL_M, LUFTVO_LIGHT_UAS_MTOM_KG,
} from './rules/category-rules.js';
export { createAirspaceIndex, type AirspaceIndex, type IndexOptions } from './query/create-index.js';
export { zonesAtPoint, zonesInColumn, type PointHit } from './query/zones-at-point.js';
export { zonesOnSegment, crossingsOnSegment, anyCrossingPiece, type SegmentCrossing, type BareCrossing } from './query/zones-on-segment.js';
export { pieceMakesObstacle } from './query/passage-part.js';
export { routeConstraints, segmentPassageVerdict, type RouteInput, type RouteConstraint, type RouteCheck } from './query/route-constraints.js';
export { importEd269, type ImportResult, type ImportOptions } from './formats/ed269-import.js';
export { importEd318, importAirspace } from './formats/ed318-import.js';
export { exportEd269, corridorRectangles, type Ed269ExportOptions } from './formats/ed269-export.js';
export { exportGeoJson, footprintToGeometry, RESTRICTION_COLOURS } from './formats/geojson-export.js';
