/**
 * Mission download (vehicle → GCS), one plan type, as a pure reducer. We drive it: one
 * MISSION_REQUEST_INT per item, in order.
 *
 *            start: send MISSION_REQUEST_LIST
 *                        │
 *                        ▼
 *   ┌──────────────────────────┐  timeout (ACK_TIMEOUT): resend REQUEST_LIST; > MAX_RETRIES → DOWNLOAD_TIMEOUT
 *   │ awaitingCount {attempt}  │  COUNT 0 → send ACK(ACCEPTED) → done []
 *   └──────────────────────────┘
 *        │ COUNT n > 0: send REQUEST_INT(0)
 *        ▼
 *   ┌─────────────────────────────────────────────┐  ITEM seq = nextSeq: keep it, request the next,
 *   │ awaitingItem {count, nextSeq, items,        │◀─ attempt = 0 (progress refreshes the timeout)
 *   │               attempt, opaqueId}            │  ITEM seq < nextSeq: duplicate, ignored
 *   └─────────────────────────────────────────────┘  ITEM seq > nextSeq / ≥ n: re-request, attempt++
 *        │ last item                  │ timeout (ITEM_TIMEOUT): re-request; > ITEM_MAX_RETRIES → DOWNLOAD_TIMEOUT
 *        │ send ACK(ACCEPTED)         │ ACK(error) → typed NACK · cancel → ACK(OPERATION_CANCELLED)
 *        ▼                            ▼
 *   ┌──────────────────────────────────────────┐
 *   │ done {outcome}                           │
 *   └──────────────────────────────────────────┘
 */
import { common, type MavLinkData } from '../codec/dialect.js';
import { BridgeError } from '../errors.js';
import { missionAck, missionRequestInt, missionRequestList } from './messages.js';
import { ignore, type DoneState, type Step, type Transaction, type TransactionEvent } from '../transaction/types.js';
import { MISSION_ERRORS, fromOurVehicle, typeOf, type MissionContext } from './transaction.js';
import { MISSION_TYPE_CODE, fromMissionItemInt, missionResultError, type MissionItem, type MissionType } from './types.js';

export { MISSION_ACK_TIMEOUT_MS, MISSION_ITEM_MAX_RETRIES, MISSION_ITEM_TIMEOUT_MS, MISSION_MAX_RETRIES } from './timing.js';

export interface DownloadResult {
  items: MissionItem[];
  /** The plan identity the vehicle sent with MISSION_COUNT (PX4: CRC32; 0 = none/unsupported). */
  opaqueId: number;
}

interface DownloadFixed {
  readonly type: MissionType;
  readonly ctx: MissionContext;
}

export type DownloadState = { readonly p: DownloadFixed } & (
  | { kind: 'awaitingCount'; attempt: number }
  | {
      kind: 'awaitingItem';
      count: number;
      nextSeq: number;
      /** Items 0..nextSeq-1, in order. Copied on write: states are never mutated. */
      items: readonly MissionItem[];
      attempt: number;
      opaqueId: number;
      /** Why the last retry was spent: an unanswered request, or an item with the wrong seq. */
      lastProblem: 'silence' | 'wrongSeq';
    }
  | ({ kind: 'done' } & DoneState<DownloadResult>)
);

type S = DownloadState;
type Active = Exclude<S, { kind: 'done' }>;
type AwaitingItem = Extract<S, { kind: 'awaitingItem' }>;

const code = (p: DownloadFixed): number => MISSION_TYPE_CODE[p.type];
const ack = (p: DownloadFixed, result: common.MavMissionResult): MavLinkData => missionAck(p.ctx.target, result, code(p));
const request = (p: DownloadFixed, seq: number): MavLinkData => missionRequestInt(p.ctx.target, seq, code(p));

const finish = (p: DownloadFixed, outcome: DoneState<DownloadResult>['outcome'], send: MavLinkData[] = []): Step<S> => ({
  state: { p, kind: 'done', outcome },
  send,
  timer: null,
});

/** The first step: send MISSION_REQUEST_LIST and wait for MISSION_COUNT. */
export function startDownload(type: MissionType, ctx: MissionContext): Step<S> {
  const p: DownloadFixed = { type, ctx };
  return { state: { p, kind: 'awaitingCount', attempt: 0 }, send: [missionRequestList(ctx.target, code(p))], timer: ctx.timing.ackTimeoutMs };
}

/** The download reducer. Pure: same state and event, same step. */
export function stepDownload(state: S, event: TransactionEvent): Step<S> {
  if (state.kind === 'done') return ignore(state);
  const { p } = state;
  switch (event.kind) {
    case 'cancel':
      return finish(p, { ok: false, error: new BridgeError('MISSION_CANCELLED', `download of the ${p.type} plan cancelled`) }, [ack(p, common.MavMissionResult.OPERATION_CANCELLED)]);
    case 'timeout':
      return onTimeout(state);
    case 'message': {
      if (!fromOurVehicle(event.msg, p.ctx)) return ignore(state);
      const d = event.msg.data;
      if (d instanceof common.MissionCount) {
        if (typeOf(d) !== code(p) || state.kind !== 'awaitingCount') return ignore(state); // late duplicate COUNT
        return onCount(p, d.count, d.opaqueId);
      }
      if (d instanceof common.MissionItemInt) {
        if (typeOf(d) !== code(p) || state.kind !== 'awaitingItem') return ignore(state);
        return onItem(state, d);
      }
      if (d instanceof common.MissionAck) {
        if (typeOf(d) !== code(p) || Number(d.type) === common.MavMissionResult.ACCEPTED) return ignore(state);
        return finish(p, { ok: false, error: missionResultError(Number(d.type), 'download', p.type, { received: state.kind === 'awaitingItem' ? state.nextSeq : 0 })! });
      }
      return ignore(state);
    }
  }
}

function onCount(p: DownloadFixed, count: number, opaqueId: number): Step<S> {
  // An empty plan: acknowledge at once, as the spec and the trace do (COUNT 0 → ACK).
  if (count === 0) return finish(p, { ok: true, value: { items: [], opaqueId: opaqueId >>> 0 } }, [ack(p, common.MavMissionResult.ACCEPTED)]);
  return {
    state: { p, kind: 'awaitingItem', count, nextSeq: 0, items: [], attempt: 0, opaqueId: opaqueId >>> 0, lastProblem: 'silence' },
    send: [request(p, 0)],
    timer: p.ctx.timing.itemTimeoutMs,
    progress: { done: 0, total: count },
  };
}

function onItem(state: AwaitingItem, d: common.MissionItemInt): Step<S> {
  const { p } = state;
  if (d.seq < state.nextSeq) return ignore(state); // duplicate answer to a re-request
  const converted = fromMissionItemInt(d);
  if (d.seq !== state.nextSeq || d.seq >= state.count || !converted) {
    // Wrong or out-of-range seq: never store it; ask again and spend a retry, so a vehicle that
    // keeps answering with the wrong item cannot loop forever.
    const attempt = state.attempt + 1;
    if (attempt > p.ctx.timing.itemMaxRetries) {
      return finish(
        p,
        { ok: false, error: new BridgeError('MISSION_PROTOCOL_ERROR', `vehicle kept answering the request for item ${state.nextSeq} of the ${p.type} plan with item ${d.seq}; retry the download`, { expected: state.nextSeq, got: d.seq }) },
        [ack(p, common.MavMissionResult.INVALID_SEQUENCE)],
      );
    }
    return { state: { ...state, attempt, lastProblem: 'wrongSeq' }, send: [request(p, state.nextSeq)], timer: p.ctx.timing.itemTimeoutMs };
  }
  const items = [...state.items, converted];
  const progress = { done: items.length, total: state.count };
  if (items.length === state.count) {
    // Our final ACK; PX4 answers nothing, and if it is lost PX4 leaves its SENDLIST state on the
    // next REQUEST_LIST or after 5 s (the upload reducer treats that window as "busy").
    return { ...finish(p, { ok: true, value: { items, opaqueId: state.opaqueId } }, [ack(p, common.MavMissionResult.ACCEPTED)]), progress };
  }
  return {
    state: { ...state, nextSeq: d.seq + 1, items, attempt: 0, lastProblem: 'silence' },
    send: [request(p, d.seq + 1)],
    timer: p.ctx.timing.itemTimeoutMs,
    progress,
  };
}

function onTimeout(state: Active): Step<S> {
  const { p } = state;
  const attempt = state.attempt + 1;
  const limit = state.kind === 'awaitingItem' ? p.ctx.timing.itemMaxRetries : p.ctx.timing.maxRetries;
  if (attempt > limit) {
    if (state.kind === 'awaitingItem' && state.lastProblem === 'wrongSeq') {
      return finish(p, {
        ok: false,
        error: new BridgeError('MISSION_PROTOCOL_ERROR', `vehicle never sent item ${state.nextSeq} of the ${p.type} plan with the right seq; retry the download`, { expected: state.nextSeq }),
      });
    }
    const what = state.kind === 'awaitingCount' ? 'the item count' : `item ${state.nextSeq} of ${state.count}`;
    return finish(
      p,
      { ok: false, error: new BridgeError('MISSION_DOWNLOAD_TIMEOUT', `vehicle did not send ${what} of the ${p.type} plan (${attempt} timeouts); check the link and retry`, { attempts: attempt, waitingFor: what }) },
      state.kind === 'awaitingItem' ? [ack(p, common.MavMissionResult.OPERATION_CANCELLED)] : [],
    );
  }
  if (state.kind === 'awaitingCount') {
    return { state: { ...state, attempt }, send: [missionRequestList(p.ctx.target, code(p))], timer: p.ctx.timing.ackTimeoutMs };
  }
  return { state: { ...state, attempt, lastProblem: 'silence' }, send: [request(p, state.nextSeq)], timer: p.ctx.timing.itemTimeoutMs };
}

/** The download as a Transaction for the driver (see runTransaction). */
export function downloadTransaction(type: MissionType, ctx: MissionContext): Transaction<S, DownloadResult> {
  return {
    name: `download ${type}`,
    errors: MISSION_ERRORS,
    first: startDownload(type, ctx),
    step: stepDownload,
    outcome: (s) => (s.kind === 'done' ? s.outcome : undefined),
  };
}
