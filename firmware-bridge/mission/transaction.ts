/**
 * What the mission, fence and rally transactions share beyond the generic transaction types
 * (../transaction/types.ts): their context, the sender check, and their codes for the driver.
 */
import type { Identity } from '../codec/encode.js';
import type { Target } from '../link/channel.js';
import type { Inbound, TransactionErrors } from '../transaction/types.js';
import type { MissionTiming } from './timing.js';

/** Who we are, whom we talk to, and how long we wait. Fixed for the life of a transaction. */
export interface MissionContext {
  own: Identity;
  target: Target;
  timing: MissionTiming;
}

/** The mission transactions' codes for the driver. */
export const MISSION_ERRORS: TransactionErrors = { cancelled: 'MISSION_CANCELLED', failed: 'MISSION_PROTOCOL_ERROR' };

interface Addressed {
  targetSystem?: number;
  targetComponent?: number;
}

/**
 * True when the message comes from the vehicle component we address and is meant for us (or
 * broadcast). Another GCS's transfer on the same link must not steer ours.
 */
export function fromOurVehicle(msg: Inbound, ctx: MissionContext): boolean {
  if (msg.sysid !== ctx.target.system || msg.compid !== ctx.target.component) return false;
  const d = msg.data as Addressed;
  if (d.targetSystem !== undefined && d.targetSystem !== 0 && d.targetSystem !== ctx.own.sysid) return false;
  if (d.targetComponent !== undefined && d.targetComponent !== 0 && d.targetComponent !== ctx.own.compid) return false;
  return true;
}

/** mission_type of a mission message (its field is an enum typed as number or string by node-mavlink). */
export const typeOf = (data: { missionType: unknown }): number => Number(data.missionType);
