/**
 * Mission upload (GCS → vehicle), one plan type, as a pure reducer.
 *
 *            start: send MISSION_COUNT(n)                     n = 0: straight to awaitingAck
 *                        │
 *                        ▼
 *   ┌──────────────────────────────────────────┐  REQUEST(_INT) seq = nextSeq: send item,
 *   │ awaitingRequest {nextSeq, attempt, busy} │◀─ nextSeq++, attempt = 0, refresh timeout
 *   └──────────────────────────────────────────┘  REQUEST seq < nextSeq: send it again (no refresh)
 *        │ last item requested        │ timeout: resend COUNT (nothing requested yet) or the last
 *        ▼                            │          item; attempt++; > MAX_RETRIES → UPLOAD_TIMEOUT
 *   ┌───────────────────────┐         │ ACK(error) → typed NACK · ACK(ACCEPTED) too early → PROTOCOL_ERROR
 *   │ awaitingAck {attempt} │─────────┤ REQUEST seq ≥ n → ACK(INVALID_SEQUENCE), PROTOCOL_ERROR
 *   └───────────────────────┘         │ cancel → ACK(OPERATION_CANCELLED), CANCELLED
 *        │ ACK(ACCEPTED, opaque_id)   │ timeout: resend the last item (PX4 re-sends its ACK)
 *        │                            │ ACK(ERROR) before any request = busy: resend COUNT at the
 *        │                            │   timeout without spending a retry; > BUSY_MAX_RETRIES → BUSY
 *        ▼                            ▼
 *   ┌──────────────────────────────────────────┐
 *   │ done {outcome}                           │
 *   └──────────────────────────────────────────┘
 */
import { common, type MavLinkData } from '../codec/dialect.js';
import { BridgeError } from '../errors.js';
import { missionAck, missionCount } from './messages.js';
import { ignore, type DoneState, type Step, type Transaction, type TransactionEvent } from '../transaction/types.js';
import { MISSION_ERRORS, fromOurVehicle, typeOf, type MissionContext } from './transaction.js';
import { MISSION_TYPE_CODE, missionResultError, toMissionItemInt, type MissionItem, type MissionType } from './types.js';

export { MISSION_ACK_TIMEOUT_MS, MISSION_BUSY_MAX_RETRIES, MISSION_MAX_RETRIES } from './timing.js';

export interface UploadResult {
  /** The vehicle's identity for the stored plan (PX4: CRC32 of the items; 0 if unsupported). */
  opaqueId: number;
  count: number;
}

interface UploadFixed {
  readonly type: MissionType;
  readonly items: readonly MissionItem[];
  readonly ctx: MissionContext;
}

export type UploadState = { readonly p: UploadFixed } & (
  | {
      kind: 'awaitingRequest';
      /** The next seq we expect the vehicle to ask for; everything below it was asked for. */
      nextSeq: number;
      attempt: number;
      /** The last COUNT was answered with MAV_MISSION_ERROR: PX4's "busy" (see onAck). */
      busy: boolean;
      /** How many COUNTs were refused as busy; bounded by MISSION_BUSY_MAX_RETRIES. */
      refusals: number;
    }
  | { kind: 'awaitingAck'; attempt: number; busy: boolean; refusals: number }
  | ({ kind: 'done' } & DoneState<UploadResult>)
);

type S = UploadState;

const done = (p: UploadFixed, outcome: DoneState<UploadResult>['outcome'], send: MavLinkData[] = []): Step<S> => ({
  state: { p, kind: 'done', outcome },
  send,
  timer: null,
});

const fail = (p: UploadFixed, error: BridgeError, send: MavLinkData[] = []): Step<S> => done(p, { ok: false, error }, send);

const item = (p: UploadFixed, seq: number): MavLinkData => toMissionItemInt(p.items[seq]!, p.ctx.target);
const count = (p: UploadFixed): MavLinkData => missionCount(p.ctx.target, p.items.length, MISSION_TYPE_CODE[p.type]);
const ack = (p: UploadFixed, result: common.MavMissionResult): MavLinkData => missionAck(p.ctx.target, result, MISSION_TYPE_CODE[p.type]);

/** The first step: validate nothing (the client did), send MISSION_COUNT and wait. */
export function startUpload(type: MissionType, items: readonly MissionItem[], ctx: MissionContext): Step<S> {
  const p: UploadFixed = { type, items, ctx };
  const state: S = items.length === 0 ? { p, kind: 'awaitingAck', attempt: 0, busy: false, refusals: 0 } : { p, kind: 'awaitingRequest', nextSeq: 0, attempt: 0, busy: false, refusals: 0 };
  return { state, send: [count(p)], timer: ctx.timing.ackTimeoutMs, progress: { done: 0, total: items.length } };
}

/** The upload reducer. Pure: same state and event, same step. */
export function stepUpload(state: S, event: TransactionEvent): Step<S> {
  if (state.kind === 'done') return ignore(state);
  const { p } = state;
  switch (event.kind) {
    case 'cancel':
      return fail(p, new BridgeError('MISSION_CANCELLED', `upload of the ${p.type} plan cancelled; the vehicle keeps its previous plan`), [ack(p, common.MavMissionResult.OPERATION_CANCELLED)]);
    case 'timeout':
      return onTimeout(state);
    case 'message': {
      if (!fromOurVehicle(event.msg, p.ctx)) return ignore(state);
      const d = event.msg.data;
      // PX4 asks with the legacy MISSION_REQUEST until it has seen an INT message on the link;
      // both get MISSION_ITEM_INT (QGC's answer), after which PX4 switches to int mode.
      if (d instanceof common.MissionRequestInt || d instanceof common.MissionRequest) {
        if (typeOf(d) !== MISSION_TYPE_CODE[p.type]) return ignore(state); // stale, other plan type
        return onRequest(state, d.seq);
      }
      if (d instanceof common.MissionAck) {
        if (typeOf(d) !== MISSION_TYPE_CODE[p.type]) return ignore(state);
        return onAck(state, Number(d.type), d.opaqueId);
      }
      return ignore(state);
    }
  }
}

function onRequest(state: Exclude<S, { kind: 'done' }>, seq: number): Step<S> {
  const { p } = state;
  const n = p.items.length;
  if (seq >= n) {
    return fail(
      p,
      new BridgeError('MISSION_PROTOCOL_ERROR', `vehicle requested item ${seq} of a ${n}-item ${p.type} plan; upload aborted, retry it`, { seq, count: n }),
      [ack(p, common.MavMissionResult.INVALID_SEQUENCE)],
    );
  }
  const nextSeq = state.kind === 'awaitingRequest' ? state.nextSeq : n;
  // A repeat: our item was lost. Answer, but do not refresh the timeout: a peer stuck on one
  // item must not keep the transfer alive forever (only progress does that).
  if (seq < nextSeq) return { state, send: [item(p, seq)], timer: 'keep' };
  // PX4 never skips ahead; a request past the next one is not answered. The vehicle re-requests.
  if (seq > nextSeq) return ignore(state);
  const progress = { done: seq, total: n };
  if (seq === n - 1) return { state: { p, kind: 'awaitingAck', attempt: 0, busy: false, refusals: 0 }, send: [item(p, seq)], timer: p.ctx.timing.ackTimeoutMs, progress };
  return { state: { p, kind: 'awaitingRequest', nextSeq: seq + 1, attempt: 0, busy: false, refusals: 0 }, send: [item(p, seq)], timer: p.ctx.timing.ackTimeoutMs, progress };
}

function onAck(state: Exclude<S, { kind: 'done' }>, result: number, opaqueId: number): Step<S> {
  const { p } = state;
  const n = p.items.length;
  const nothingRequested = (state.kind === 'awaitingRequest' && state.nextSeq === 0) || (state.kind === 'awaitingAck' && n === 0);
  if (result === common.MavMissionResult.ACCEPTED) {
    if (state.kind === 'awaitingAck') return { ...done(p, { ok: true, value: { opaqueId: opaqueId >>> 0, count: n } }), progress: { done: n, total: n } };
    return fail(
      p,
      new BridgeError(
        'MISSION_PROTOCOL_ERROR',
        `vehicle accepted the ${p.type} plan after requesting only ${state.nextSeq} of ${n} items; its stored plan may be incomplete, upload again`,
        { requested: state.nextSeq, count: n },
      ),
    );
  }
  // PX4 answers MISSION_COUNT with MAV_MISSION_ERROR while another transfer holds it ("WPM: IGN
  // MISSION_COUNT: Busy"), e.g. when our last download's final ACK was lost and it still sits in
  // SENDLIST for up to 5 s. Before anything was requested that is "busy": wait, resend COUNT. An
  // answer is not silence, so it spends a busy retry, not a silent one.
  if (result === common.MavMissionResult.ERROR && nothingRequested) {
    const refusals = state.refusals + (state.busy ? 0 : 1);
    if (refusals > p.ctx.timing.busyMaxRetries) {
      return fail(
        p,
        new BridgeError('MISSION_BUSY', `vehicle refused the ${p.type} upload ${refusals} times with MAV_MISSION_ERROR (busy with another transfer?); wait a few seconds and retry`, {
          refusals,
          result,
        }),
      );
    }
    return { state: { ...state, busy: true, refusals }, send: [], timer: 'keep' };
  }
  return fail(p, missionResultError(result, 'upload', p.type, { requested: state.kind === 'awaitingRequest' ? state.nextSeq : n, count: n })!);
}

function onTimeout(state: Exclude<S, { kind: 'done' }>): Step<S> {
  const { p } = state;
  const n = p.items.length;
  // The COUNT was refused as busy: ask again without spending a silent retry.
  const attempt = state.busy ? state.attempt : state.attempt + 1;
  if (attempt > p.ctx.timing.maxRetries) {
    const where = state.kind === 'awaitingAck' ? 'the final acknowledgement' : `a request for item ${state.nextSeq}`;
    return fail(
      p,
      new BridgeError('MISSION_UPLOAD_TIMEOUT', `vehicle stopped answering while we waited for ${where} of the ${p.type} plan (${attempt} timeouts); check the link and retry`, {
        attempts: attempt,
        waitingFor: where,
      }),
      // Tell the vehicle to drop the half-done transfer (PX4 goes idle at once instead of after 5 s).
      [ack(p, common.MavMissionResult.OPERATION_CANCELLED)],
    );
  }
  // Nothing requested yet: the COUNT (or the first request) was lost, so resend COUNT. Otherwise
  // resend the last item: PX4 ignores an unexpected seq, and if it already stored the plan it
  // answers the duplicate last item with ACCEPTED again (the lost-final-ACK case).
  const lastSent = state.kind === 'awaitingAck' ? n - 1 : state.nextSeq - 1;
  const resend = lastSent < 0 ? count(p) : item(p, lastSent);
  return { state: { ...state, attempt, busy: false }, send: [resend], timer: p.ctx.timing.ackTimeoutMs };
}

/** The upload as a Transaction for the driver (see runTransaction). */
export function uploadTransaction(type: MissionType, items: readonly MissionItem[], ctx: MissionContext): Transaction<S, UploadResult> {
  return {
    name: `upload ${type}`,
    errors: MISSION_ERRORS,
    first: startUpload(type, items, ctx),
    step: stepUpload,
    outcome: (s) => (s.kind === 'done' ? s.outcome : undefined),
  };
}
