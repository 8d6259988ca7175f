/**
 * The one table from every error code in the code base to the HTTP status the API answers it with.
 * `satisfies Record<ErrorCode, number>`: a code added to any layer's list does not compile until it
 * has a status here, and docs/errors.md must list it (test/docs/errors-catalogue.test.ts reads this).
 * 500 means "our fault": the API answers INTERNAL and keeps the message in the server log.
 */
import type { BridgeErrorCode } from '../../firmware-bridge/errors.js';
import type { AirspaceErrorCode } from '../airspace/errors.js';
import type { ClusterErrorCode } from '../bus/errors.js';
import type { ConfigErrorCode } from '../config/errors.js';
import type { DeconflictErrorCode } from '../deconflict/errors.js';
import type { FleetErrorCode } from '../fleet/errors.js';
import type { MissionBuildErrorCode, MissionFileErrorCode } from '../mission/errors.js';
import type { ObstacleErrorCode } from '../obstacles/errors.js';
import type { PlanRefusalCode } from '../planner/refusals.js';
import type { StoreErrorCode } from '../store/errors.js';
import type { ApiErrorCode } from './api-error.js';

export type ErrorCode =
  | ApiErrorCode | BridgeErrorCode | AirspaceErrorCode | ClusterErrorCode | ConfigErrorCode | DeconflictErrorCode
  | FleetErrorCode | MissionBuildErrorCode | MissionFileErrorCode | ObstacleErrorCode | PlanRefusalCode | StoreErrorCode;

export const ERROR_STATUS = {
  // API (src/server)
  VALIDATION_FAILED: 400,
  BODY_MALFORMED: 400,
  BODY_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VEHICLE_UNKNOWN: 404,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  WS_MESSAGE_INVALID: 400,
  WS_TOO_MANY_SUBSCRIPTIONS: 400,
  WS_TOO_MANY_CLIENTS: 503,

  // Bridge: what the request asked is malformed (400), the link is gone (502), the vehicle did not
  // answer (504), or it refused / the transaction failed (409).
  URL_INVALID: 400,
  MISSION_INVALID_ITEMS: 400,
  COMMAND_INVALID_PARAMS: 400,
  MODE_UNKNOWN: 400,
  PARAM_INVALID: 400,
  TRANSPORT_OPEN_FAILED: 502,
  TRANSPORT_CLOSED: 502,
  LINK_CLOSED: 502,
  NO_ROUTE_TO_VEHICLE: 502,
  MISSION_UPLOAD_TIMEOUT: 504,
  MISSION_DOWNLOAD_TIMEOUT: 504,
  MISSION_CLEAR_TIMEOUT: 504,
  MISSION_SET_CURRENT_TIMEOUT: 504,
  COMMAND_TIMEOUT: 504,
  PARAM_TIMEOUT: 504,
  MISSION_SET_CURRENT_REJECTED: 409,
  MISSION_CANCELLED: 409,
  MISSION_BUSY: 409,
  MISSION_PROTOCOL_ERROR: 409,
  MISSION_VERIFY_MISMATCH: 409,
  MISSION_NACK_ERROR: 409,
  MISSION_NACK_UNSUPPORTED_FRAME: 409,
  MISSION_NACK_UNSUPPORTED: 409,
  MISSION_NACK_NO_SPACE: 409,
  MISSION_NACK_INVALID: 409,
  MISSION_NACK_INVALID_PARAM: 409,
  MISSION_NACK_INVALID_SEQUENCE: 409,
  MISSION_NACK_DENIED: 409,
  MISSION_NACK_OPERATION_CANCELLED: 409,
  COMMAND_TEMPORARILY_REJECTED: 409,
  COMMAND_DENIED: 409,
  COMMAND_UNSUPPORTED: 409,
  COMMAND_FAILED: 409,
  COMMAND_CANCELLED: 409,
  COMMAND_LONG_ONLY: 409,
  COMMAND_INT_ONLY: 409,
  COMMAND_UNSUPPORTED_FRAME: 409,
  COMMAND_NOT_IN_CONTROL: 409,
  COMMAND_BUSY: 409,
  COMMAND_ABORTED: 409,
  COMMAND_PROTOCOL_ERROR: 409,
  PARAM_SET_REJECTED: 409,
  PARAM_CANCELLED: 409,
  PARAM_PROTOCOL_ERROR: 409,
  TLOG_TRUNCATED: 409,

  // Airspace: they reach the API only from what a request carried (waypoints, a profile, consents);
  // a data set that needs a height reference the request cannot give is 422.
  ED269_SHAPE_UNKNOWN: 400,
  ED318_SHAPE_UNKNOWN: 400,
  FORMAT_UNKNOWN: 400,
  AIRSPACE_INCOMPLETE: 500,
  FEATURE_NOT_OBJECT: 400,
  FIELD_MISSING: 400,
  FIELD_TYPE: 400,
  ENUM_UNKNOWN: 400,
  IDENTIFIER_TOO_LONG: 400,
  IDENTIFIER_DUPLICATE: 400,
  COUNTRY_INVALID: 400,
  STRING_TOO_LONG: 400,
  REASON_TOO_MANY: 400,
  GEOMETRY_EMPTY: 400,
  GEOMETRY_UNSUPPORTED: 400,
  RING_NOT_CLOSED: 400,
  RING_TOO_FEW_POINTS: 400,
  RING_SELF_INTERSECTS: 400,
  RING_ORDER: 400,
  HEIGHT_REFERENCE_CONVERTED: 400,
  COORD_OUT_OF_RANGE: 400,
  COORD_PROBABLY_SWAPPED: 400,
  RADIUS_INVALID: 400,
  LIMIT_INVALID: 400,
  LIMITS_INVERTED: 400,
  DATETIME_INVALID: 400,
  TIME_INVALID: 400,
  EXTENSION_INVALID: 400,
  ZONE_INVALID: 400,
  HEIGHT_REFERENCE_MISSING: 422,
  PROFILE_INVALID: 400,
  ROUTE_INVALID: 400,
  RULE_UNKNOWN: 400,

  // Planner refusals: the request was understood and cannot be flown.
  REQUEST_INVALID: 422,
  OUTSIDE_COVERAGE: 422,
  START_IN_ZONE: 422,
  DESTINATION_IN_ZONE: 422,
  ZONE_PROHIBITED: 422,
  HEIGHT_CEILING: 422,
  WIND_TOO_STRONG: 422,
  NO_ROUTE: 422,
  SEARCH_LIMIT: 422,
  ENERGY_INSUFFICIENT: 422,
  INTERNAL_ROUTE_CHECK: 422,

  // Mission files a request carried (400); a route that cannot become a mission (422).
  PLAN_INVALID: 400,
  PLAN_UNSUPPORTED_ITEM: 400,
  PLAN_JUMP_TARGET_MISSING: 400,
  WPL_INVALID: 400,
  MISSION_ROUTE_INVALID: 422,
  FENCE_LIMIT_EXCEEDED: 422,

  // Fleet: safety gates and delivery state.
  MISSION_NOT_VALIDATED: 409,
  MISSION_UNSAFE: 422,
  VEHICLE_NOT_HEALTHY: 409,
  VEHICLE_BUSY: 409,
  DELIVERY_NOT_ACTIVE: 409,
  DELIVERY_UNKNOWN: 404,
  LAUNCH_ABORTED: 409,
  SIGNING_NO_KEY: 409,
  SIGNING_NOT_CONFIRMED: 504,
  PLAN_WORKER_FAILED: 503,

  // Deconfliction.
  INTENT_CONFLICT: 409,
  INTENT_TRANSITION_INVALID: 409,
  INTENT_UNKNOWN: 404,
  NO_VEHICLE_AVAILABLE: 409,

  // Store.
  STORE_OPEN_FAILED: 409,
  STORE_FILE_UNEXPECTED: 409,
  STORE_SCHEMA_TOO_NEW: 409,
  STORE_MIGRATION_FAILED: 409,
  STORE_CLOSED: 409,
  STORE_NOT_FOUND: 404,
  STORE_DUPLICATE: 409,
  STORE_INVALID_INPUT: 400,
  STORE_WRITE_FAILED: 409,
  STORE_UNAVAILABLE: 409,
  DELIVERY_TRANSITION_INVALID: 409,

  // Obstacle data sets (imported from files: what was wrong with the file).
  OBSTACLE_FORMAT_UNKNOWN: 400,
  OBSTACLES_INCOMPLETE: 500,
  OBSTACLE_FIELD_MISSING: 400,
  OBSTACLE_FIELD_INVALID: 400,
  OBSTACLE_GEOMETRY_INVALID: 400,
  OBSTACLE_ID_DUPLICATE: 400,

  // Configuration: the operator's files, read at start-up; never the client's fault.
  CONFIG_FILE_UNREADABLE: 500,
  CONFIG_FILE_NOT_JSON: 500,
  CONFIG_INVALID: 500,

  // Cluster: the owning instance did not answer a forwarded request.
  CLUSTER_FORWARD_FAILED: 502,
} as const satisfies Record<ErrorCode, number>;

/** Every code of every layer, in the order above. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);
}
