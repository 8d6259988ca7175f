/**
 * Every error src/airspace throws or reports is an AirspaceError code. Codes are documented in
 * docs/errors.md (section "Airspace"; a test keeps the two in step). Import problems are not thrown
 * per feature: they come back as {@link ValidationIssue}s so one bad feature never takes the rest down.
 */
import { CodedError, codedErrorGuard } from '../../lib/coded-error.js';
export const AIRSPACE_ERROR_CODES = [
  // whole-document problems (thrown)
  'ED269_SHAPE_UNKNOWN',
  'ED318_SHAPE_UNKNOWN',
  'FORMAT_UNKNOWN',
  'AIRSPACE_INCOMPLETE',
  // per-feature validation (reported as issues)
  'FEATURE_NOT_OBJECT',
  'FIELD_MISSING',
  'FIELD_TYPE',
  'ENUM_UNKNOWN',
  'IDENTIFIER_TOO_LONG',
  'IDENTIFIER_DUPLICATE',
  'COUNTRY_INVALID',
  'STRING_TOO_LONG',
  'REASON_TOO_MANY',
  'GEOMETRY_EMPTY',
  'GEOMETRY_UNSUPPORTED',
  'RING_NOT_CLOSED',
  'RING_TOO_FEW_POINTS',
  'RING_SELF_INTERSECTS',
  'RING_ORDER',
  'HEIGHT_REFERENCE_CONVERTED',
  'COORD_OUT_OF_RANGE',
  'COORD_PROBABLY_SWAPPED',
  'RADIUS_INVALID',
  'LIMIT_INVALID',
  'LIMITS_INVERTED',
  'DATETIME_INVALID',
  'TIME_INVALID',
  'EXTENSION_INVALID',
  // queries and rules (thrown)
  'ZONE_INVALID',
  'HEIGHT_REFERENCE_MISSING',
  'PROFILE_INVALID',
  'ROUTE_INVALID',
  'RULE_UNKNOWN',
] as const;

export type AirspaceErrorCode = (typeof AIRSPACE_ERROR_CODES)[number];

/** A typed airspace error with a stable `code`; the message says what to do next. */
export class AirspaceError extends CodedError<AirspaceErrorCode> {
  override readonly name = 'AirspaceError';
}

/**
 * Narrowing guard, optionally for one code.
 * @example
 * try { parseOperationProfile({}) } catch (e) { if (isAirspaceError(e, 'PROFILE_INVALID')) … }
 */
export const isAirspaceError = codedErrorGuard<AirspaceErrorCode, AirspaceError>(AirspaceError);

/**
 * One problem found while importing a data set. `error` rejects the feature (the others still
 * load); `warning` keeps it. `field` is a JSON path inside the feature, e.g.
 * `geometry[0].horizontalProjection.coordinates[0][3]`.
 */
export interface ValidationIssue {
  readonly severity: 'error' | 'warning';
  readonly code: AirspaceErrorCode;
  /** Position of the feature in the source list. */
  readonly featureIndex: number;
  /** The feature's identifier when it had a readable one. */
  readonly featureId?: string;
  readonly field: string;
  readonly message: string;
}
