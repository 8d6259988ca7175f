/** Errors of the mission layer (plan files, mission building). Codes are listed in docs/errors.md. */
import { CodedError } from '../../lib/coded-error.js';
export const MISSION_FILE_ERROR_CODES = ['PLAN_INVALID', 'PLAN_UNSUPPORTED_ITEM', 'PLAN_JUMP_TARGET_MISSING', 'WPL_INVALID'] as const;
export type MissionFileErrorCode = (typeof MISSION_FILE_ERROR_CODES)[number];

/**
 * Something a file import kept, changed the representation of, or ignored, named by its path
 * (`mission.items.4.params.6`, `line 7`, `geoFence`), the mission item (seq) and field it concerns.
 */
export interface FileWarning {
  readonly path: string;
  readonly item?: number;
  readonly field?: string;
  readonly message: string;
}

export class MissionFileError extends Error {
  override readonly name = 'MissionFileError';
  constructor(
    readonly code: MissionFileErrorCode,
    message: string,
    /** Each problem with its JSON path (e.g. `mission.items.3.params`) or its line (`line 7`). */
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** Errors raised while turning a Route into mission items, fence and rally points. */
export const MISSION_BUILD_ERROR_CODES = ['MISSION_ROUTE_INVALID', 'FENCE_LIMIT_EXCEEDED'] as const;
export type MissionBuildErrorCode = (typeof MISSION_BUILD_ERROR_CODES)[number];

export class MissionBuildError extends CodedError<MissionBuildErrorCode> {
  override readonly name = 'MissionBuildError';
}
