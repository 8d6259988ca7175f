/** Errors of the mission layer (plan files, mission building). Codes are listed in docs/errors.md. */
export const MISSION_FILE_ERROR_CODES = ['PLAN_INVALID', 'PLAN_UNSUPPORTED_ITEM'] as const;
export type MissionFileErrorCode = (typeof MISSION_FILE_ERROR_CODES)[number];

export class MissionFileError extends Error {
  override readonly name = 'MissionFileError';
  constructor(
    readonly code: MissionFileErrorCode,
    message: string,
    /** Each problem with its JSON path, e.g. `mission.items[3].params`. */
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}
