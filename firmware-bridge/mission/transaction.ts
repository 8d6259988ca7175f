/**
 * What every mission transaction reducer shares: events in, a Step out. Reducers are pure
 * (`step(state, event) → {state, send, timer}`); the driver owns the channel and the clock.
 */
import type { MavLinkData } from '../codec/dialect.js';
import type { Identity } from '../codec/encode.js';
import type { BridgeError } from '../errors.js';
import type { Target } from '../link/channel.js';
import type { MissionTiming } from './timing.js';

/** Who we are, whom we talk to, and how long we wait. Fixed for the life of a transaction. */
export interface MissionContext {
  own: Identity;
  target: Target;
  timing: MissionTiming;
}

/** A decoded message from the vehicle, with the sender taken from the frame header. */
export interface MissionInbound {
  data: MavLinkData;
  sysid: number;
  compid: number;
}

export type TransactionEvent = { kind: 'message'; msg: MissionInbound } | { kind: 'timeout' } | { kind: 'cancel' };

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: BridgeError };

/** ms: (re)arm the timeout from now · 'keep': leave the running one alone · null: stop it. */
export type TimerCommand = number | 'keep' | null;

export interface ItemProgress {
  /** Items confirmed so far (upload: requested past; download: received). */
  done: number;
  total: number;
}

export interface Step<S> {
  state: S;
  send: MavLinkData[];
  timer: TimerCommand;
  progress?: ItemProgress;
}

/** Every transaction ends in this state; the driver settles its promise from `outcome`. */
export interface DoneState<R> {
  kind: 'done';
  outcome: Outcome<R>;
}

/** A reducer plus its first step: what the driver needs to run a transaction. */
export interface Transaction<S extends { kind: string }, R> {
  readonly name: string;
  readonly first: Step<S>;
  step(state: S, event: TransactionEvent): Step<S>;
  outcome(state: S): Outcome<R> | undefined;
}

/** A step that changes nothing: ignored messages must not refresh the timeout. */
export const ignore = <S>(state: S): Step<S> => ({ state, send: [], timer: 'keep' });

interface Addressed {
  targetSystem?: number;
  targetComponent?: number;
}

/**
 * True when the message comes from the vehicle component we address and is meant for us (or
 * broadcast). Another GCS's transfer on the same link must not steer ours.
 */
export function fromOurVehicle(msg: MissionInbound, ctx: MissionContext): boolean {
  if (msg.sysid !== ctx.target.system || msg.compid !== ctx.target.component) return false;
  const d = msg.data as Addressed;
  if (d.targetSystem !== undefined && d.targetSystem !== 0 && d.targetSystem !== ctx.own.sysid) return false;
  if (d.targetComponent !== undefined && d.targetComponent !== 0 && d.targetComponent !== ctx.own.compid) return false;
  return true;
}

/** mission_type of a mission message (its field is an enum typed as number or string by node-mavlink). */
export const typeOf = (data: { missionType: unknown }): number => Number(data.missionType);
