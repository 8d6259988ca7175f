/**
 * What every protocol transaction shares (mission, fence and rally transfer, parameters, commands):
 * events in, a Step out. Reducers are pure (`step(state, event) → {state, send, timer}`); the one
 * driver (driver.ts) owns the channel, the clock and the promise. MAVSDK's model: one timeout
 * handler and a work item per transaction, fed messages by the link.
 */
import type { MavLinkData } from '../codec/dialect.js';
import type { BridgeError, BridgeErrorCode } from '../errors.js';

/** A decoded message from the vehicle, with the sender taken from the frame header. */
export interface Inbound {
  data: MavLinkData;
  sysid: number;
  compid: number;
}

export type TransactionEvent = { kind: 'message'; msg: Inbound } | { kind: 'timeout' } | { kind: 'cancel'; reason?: string };

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: BridgeError };

/** ms: (re)arm the timeout from now · 'keep': leave the running one alone · null: stop it. */
export type TimerCommand = number | 'keep' | null;

/** Item transfers report items confirmed so far (upload: requested past; download: received). */
export interface ItemProgress {
  done: number;
  total: number;
}

export interface Step<S, P = ItemProgress> {
  state: S;
  /** Messages to send now, in order. */
  send: MavLinkData[];
  timer: TimerCommand;
  progress?: P;
}

/** Every item transaction ends in this state; the driver settles its promise from `outcome`. */
export interface DoneState<R> {
  kind: 'done';
  outcome: Outcome<R>;
}

/** The codes the driver raises for a transaction: cancelled before it started, or a reducer that threw. */
export interface TransactionErrors {
  cancelled: BridgeErrorCode;
  failed: BridgeErrorCode;
}

/** A reducer plus its first step and its error codes: what the driver needs to run a transaction. */
export interface Transaction<S extends { kind: string }, R, P = ItemProgress> {
  readonly name: string;
  readonly errors: TransactionErrors;
  readonly first: Step<S, P>;
  step(state: S, event: TransactionEvent): Step<S, P>;
  outcome(state: S): Outcome<R> | undefined;
}

/** A step that changes nothing: ignored messages must not refresh the timeout. */
export const ignore = <S, P = ItemProgress>(state: S): Step<S, P> => ({ state, send: [], timer: 'keep' });
