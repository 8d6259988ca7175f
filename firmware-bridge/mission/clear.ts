/**
 * Clear a plan (MISSION_CLEAR_ALL → MISSION_ACK), as a pure reducer. Type 'all' (255) clears
 * mission, fence and rally at once; PX4 answers with mission_type 255 (trace: after 265 ms).
 *
 *            start: send MISSION_CLEAR_ALL(type)
 *                        │
 *                        ▼
 *   ┌───────────────────────┐  timeout: resend CLEAR_ALL (PX4 ignores it while a transfer is
 *   │ awaitingAck {attempt} │◀─ running, without an answer); > MAX_RETRIES → CLEAR_TIMEOUT
 *   └───────────────────────┘
 *        │ ACK(ACCEPTED) → ok · ACK(error) → typed NACK · cancel → CANCELLED (nothing to undo)
 *        ▼
 *   ┌─────────────────┐
 *   │ done {outcome}  │
 *   └─────────────────┘
 */
import { common } from '../codec/dialect.js';
import { BridgeError } from '../errors.js';
import { missionClearAll } from './messages.js';
import { ignore, type DoneState, type Step, type Transaction, type TransactionEvent } from '../transaction/types.js';
import { MISSION_ERRORS, fromOurVehicle, typeOf, type MissionContext } from './transaction.js';
import { MISSION_TYPE_CODE, missionResultError, type ClearType } from './types.js';

export { MISSION_ACK_TIMEOUT_MS, MISSION_MAX_RETRIES } from './timing.js';

interface ClearFixed {
  readonly type: ClearType;
  readonly ctx: MissionContext;
}

export type ClearState = { readonly p: ClearFixed } & ({ kind: 'awaitingAck'; attempt: number } | ({ kind: 'done' } & DoneState<void>));
type S = ClearState;

const send = (p: ClearFixed): common.MissionClearAll => missionClearAll(p.ctx.target, MISSION_TYPE_CODE[p.type]);
const finish = (p: ClearFixed, outcome: DoneState<void>['outcome']): Step<S> => ({ state: { p, kind: 'done', outcome }, send: [], timer: null });

/** The first step: send MISSION_CLEAR_ALL and wait for its MISSION_ACK. */
export function startClear(type: ClearType, ctx: MissionContext): Step<S> {
  const p: ClearFixed = { type, ctx };
  return { state: { p, kind: 'awaitingAck', attempt: 0 }, send: [send(p)], timer: ctx.timing.ackTimeoutMs };
}

/** The clear reducer. Pure: same state and event, same step. */
export function stepClear(state: S, event: TransactionEvent): Step<S> {
  if (state.kind === 'done') return ignore(state);
  const { p } = state;
  switch (event.kind) {
    case 'cancel':
      return finish(p, { ok: false, error: new BridgeError('MISSION_CANCELLED', `clearing the ${p.type} plan cancelled; it may or may not have been cleared, download to check`) });
    case 'timeout': {
      const attempt = state.attempt + 1;
      if (attempt > p.ctx.timing.maxRetries) {
        return finish(p, {
          ok: false,
          error: new BridgeError('MISSION_CLEAR_TIMEOUT', `vehicle did not acknowledge clearing the ${p.type} plan (${attempt} timeouts); check the link and retry`, { attempts: attempt }),
        });
      }
      return { state: { ...state, attempt }, send: [send(p)], timer: p.ctx.timing.ackTimeoutMs };
    }
    case 'message': {
      const d = event.msg.data;
      if (!fromOurVehicle(event.msg, p.ctx) || !(d instanceof common.MissionAck)) return ignore(state);
      if (typeOf(d) !== MISSION_TYPE_CODE[p.type]) return ignore(state);
      const error = missionResultError(Number(d.type), 'clear', p.type);
      return finish(p, error ? { ok: false, error } : { ok: true, value: undefined });
    }
  }
}

/** The clear as a Transaction for the driver (see runTransaction). */
export function clearTransaction(type: ClearType, ctx: MissionContext): Transaction<S, void> {
  return { name: `clear ${type}`, errors: MISSION_ERRORS, first: startClear(type, ctx), step: stepClear, outcome: (s) => (s.kind === 'done' ? s.outcome : undefined) };
}
