/**
 * Codes of src/obstacles (docs/errors.md, "Obstacles"). Whole-document problems are thrown as
 * ObstacleError; per-feature problems come back as issues so one bad record never takes the rest down.
 */
import { CodedError, codedErrorGuard } from '../../lib/coded-error.js';

export const OBSTACLE_ERROR_CODES = [
  'OBSTACLE_FORMAT_UNKNOWN',
  'OBSTACLES_INCOMPLETE',
  'OBSTACLE_FIELD_MISSING',
  'OBSTACLE_FIELD_INVALID',
  'OBSTACLE_GEOMETRY_INVALID',
  'OBSTACLE_ID_DUPLICATE',
] as const;
export type ObstacleErrorCode = (typeof OBSTACLE_ERROR_CODES)[number];

export class ObstacleError extends CodedError<ObstacleErrorCode> {
  override readonly name = 'ObstacleError';
}

/** @example try { importObstacles(x) } catch (e) { if (isObstacleError(e, 'OBSTACLE_FORMAT_UNKNOWN')) … } */
export const isObstacleError = codedErrorGuard<ObstacleErrorCode, ObstacleError>(ObstacleError);

/** One problem with one record: `error` drops it, `warning` keeps it. The message names the feature and field. */
export interface ObstacleIssue {
  readonly severity: 'error' | 'warning';
  readonly code: ObstacleErrorCode;
  readonly featureIndex: number;
  readonly featureId?: string;
  readonly field: string;
  readonly message: string;
}

export interface ObstacleImportResult {
  readonly obstacles: import('./types.js').Obstacle[];
  readonly issues: ObstacleIssue[];
  /** The data set's title (GeoJSON `title`, or the AIXM message's). */
  readonly title?: string;
}

/** Collects issues for one record; `failed` once an error was reported. */
export class RecordIssues {
  failed = false;
  featureId: string | undefined;
  constructor(private readonly sink: ObstacleIssue[], readonly featureIndex: number, private readonly noun = 'feature') {}
  error(code: ObstacleErrorCode, field: string, message: string): void {
    this.failed = true;
    this.push('error', code, field, message);
  }
  warn(code: ObstacleErrorCode, field: string, message: string): void {
    this.push('warning', code, field, message);
  }
  private push(severity: 'error' | 'warning', code: ObstacleErrorCode, field: string, message: string): void {
    const who = `${this.noun} ${this.featureIndex}${this.featureId !== undefined ? ` (${this.featureId})` : ''}`;
    this.sink.push({
      severity, code, featureIndex: this.featureIndex, field,
      ...(this.featureId !== undefined ? { featureId: this.featureId } : {}),
      message: `${who}, ${field}: ${message}`,
    });
  }
}
