/**
 * COMMAND_INT: the positional variant of the command transaction. Same state machine as
 * COMMAND_LONG (command-long.ts); only the message differs: params 5/6 are int32 (degE7 for
 * global frames), there is a `frame`, and there is no `confirmation` field to increment.
 * MAVSDK and we use it for DO_REPOSITION / DO_ORBIT so coordinates keep full precision.
 */
import { common, type MavLinkData } from '../codec/dialect.js';
import type { Target } from '../link/channel.js';
import { BridgeError } from '../errors.js';

export interface CommandIntRequest {
  kind: 'int';
  /** MAV_CMD id. */
  command: number;
  /** MAV_FRAME, e.g. 0 GLOBAL (z AMSL) or 3/6 GLOBAL_RELATIVE_ALT (z above home). */
  frame: number;
  /** param1..param4 (float; NaN = unused, as PX4 expects). */
  params: readonly [number, number, number, number];
  /** param5: latitude in degE7 for global frames (int32). */
  x: number;
  /** param6: longitude in degE7 for global frames (int32). */
  y: number;
  /** param7: altitude in metres, reference given by `frame`. */
  z: number;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** Throws COMMAND_INVALID_PARAMS unless x/y are int32 and frame is a uint8 (node-mavlink would throw RangeError or truncate). */
export function validateCommandInt(req: CommandIntRequest): void {
  for (const [name, v] of [
    ['x', req.x],
    ['y', req.y],
  ] as const) {
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new BridgeError('COMMAND_INVALID_PARAMS', `COMMAND_INT ${name}=${v} must be an int32 (degE7: Math.round(deg * 1e7))`, {
        command: req.command,
        [name]: v,
      });
    }
  }
  if (!Number.isInteger(req.frame) || req.frame < 0 || req.frame > 255) {
    throw new BridgeError('COMMAND_INVALID_PARAMS', `COMMAND_INT frame=${req.frame} must be a MAV_FRAME (0..255)`, { command: req.command });
  }
}

/**
 * Build the COMMAND_INT message; every field set explicitly (node-mavlink enum defaults are
 * strings that serialize as 0).
 */
export function encodeCommandInt(req: CommandIntRequest, target: Target): MavLinkData {
  const m = new common.CommandInt();
  m.targetSystem = target.system;
  m.targetComponent = target.component;
  m.frame = req.frame as common.MavFrame;
  m.command = req.command as common.MavCmd;
  m.current = 0;
  m.autocontinue = 0;
  m._param1 = req.params[0];
  m._param2 = req.params[1];
  m._param3 = req.params[2];
  m._param4 = req.params[3];
  m._param5 = req.x;
  m._param6 = req.y;
  m._param7 = req.z;
  return m;
}
