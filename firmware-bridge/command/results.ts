/**
 * COMMAND_ACK.result → what the command transaction does with it. The ONE mapping point
 * (MAVSDK's `convert_result`): a new MAV_RESULT in the dialect breaks the build here.
 */
import { common } from '../codec/dialect.js';
import type { BridgeErrorCode } from '../errors.js';

/** MAV_RESULT_NOT_IN_CONTROL: in the MAVLink XML since 2024, missing from mavlink-mappings 1.0.21's enum. */
export const MAV_RESULT_NOT_IN_CONTROL = 10;

export type MavResultValue = common.MavResult | typeof MAV_RESULT_NOT_IN_CONTROL;

export type ResultHandling =
  | { kind: 'accepted' }
  | { kind: 'inProgress' }
  | { kind: 'error'; code: BridgeErrorCode; advice: string };

const R = common.MavResult;

export const MAV_RESULT_HANDLING = {
  [R.ACCEPTED]: { kind: 'accepted' },
  [R.TEMPORARILY_REJECTED]: {
    kind: 'error',
    code: 'COMMAND_TEMPORARILY_REJECTED',
    // PX4 reports refused arming / mode changes this way and says why in a STATUSTEXT.
    advice: 'the vehicle refused it in its current state; see its status text for the reason, fix that and retry',
  },
  [R.DENIED]: { kind: 'error', code: 'COMMAND_DENIED', advice: 'the vehicle will not do this with these parameters; check them' },
  [R.UNSUPPORTED]: { kind: 'error', code: 'COMMAND_UNSUPPORTED', advice: 'this firmware does not implement the command' },
  [R.FAILED]: { kind: 'error', code: 'COMMAND_FAILED', advice: 'the vehicle tried and failed; see its status text' },
  [R.IN_PROGRESS]: { kind: 'inProgress' },
  [R.CANCELLED]: { kind: 'error', code: 'COMMAND_CANCELLED', advice: 'the vehicle cancelled it (COMMAND_CANCEL or a conflicting command)' },
  [R.COMMAND_LONG_ONLY]: { kind: 'error', code: 'COMMAND_LONG_ONLY', advice: 'send it as COMMAND_LONG instead of COMMAND_INT' },
  [R.COMMAND_INT_ONLY]: { kind: 'error', code: 'COMMAND_INT_ONLY', advice: 'send it as COMMAND_INT instead of COMMAND_LONG' },
  [R.COMMAND_UNSUPPORTED_MAV_FRAME]: {
    kind: 'error',
    code: 'COMMAND_UNSUPPORTED_FRAME',
    advice: 'the vehicle does not accept this MAV_FRAME for the command; use GLOBAL (AMSL) or GLOBAL_RELATIVE_ALT',
  },
  [MAV_RESULT_NOT_IN_CONTROL]: {
    kind: 'error',
    code: 'COMMAND_NOT_IN_CONTROL',
    advice: 'another ground station or component is in control of the vehicle; take control first',
  },
} as const satisfies Record<MavResultValue, ResultHandling>;

/** Name of a MAV_RESULT value for messages and logs ("TEMPORARILY_REJECTED", "NOT_IN_CONTROL", "UNKNOWN_42"). */
export function mavResultName(result: number): string {
  if (result === MAV_RESULT_NOT_IN_CONTROL) return 'NOT_IN_CONTROL';
  return (common.MavResult as unknown as Record<number, string | undefined>)[result] ?? `UNKNOWN_${result}`;
}

/** Handling of a result; values newer than our table are treated as failures (never as success). */
export function resultHandling(result: number): ResultHandling {
  const h = (MAV_RESULT_HANDLING as Record<number, ResultHandling | undefined>)[result];
  return h ?? { kind: 'error', code: 'COMMAND_FAILED', advice: `the vehicle answered with MAV_RESULT ${result}, which this bridge does not know` };
}

/** MAV_CMD name for messages ("DO_SET_MODE", or the number when unknown). */
export function mavCmdName(command: number): string {
  return (common.MavCmd as unknown as Record<number, string | undefined>)[command] ?? String(command);
}
