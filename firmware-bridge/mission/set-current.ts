/**
 * Set the current mission item, as a pure reducer. MAV_CMD_DO_SET_MISSION_CURRENT (224) is the
 * current way, but PX4 1.16 answers it with MAV_RESULT_UNSUPPORTED (trace, param1 3 and 99); the
 * deprecated MISSION_SET_CURRENT works and is never acknowledged, so success is what the vehicle
 * reports in MISSION_CURRENT.
 *
 *            start: send COMMAND_LONG(224, seq)
 *                        │
 *                        ▼
 *   ┌────────────────────────────────┐  timeout: resend (confirmation+1); after COMMAND_MAX_RETRIES
 *   │ awaitingCommandAck {attempt}   │─ resends fall back as on UNSUPPORTED
 *   └────────────────────────────────┘  ACK DENIED/FAILED/TEMPORARILY_REJECTED/… → SET_CURRENT_REJECTED
 *        │ ACK ACCEPTED          │ ACK UNSUPPORTED: send MISSION_SET_CURRENT(seq)
 *        ▼                       ▼
 *   ┌──────────────────────────────────┐  timeout (CONFIRM): resend MISSION_SET_CURRENT;
 *   │ awaitingCurrent {attempt, via}   │─ > CONFIRM_MAX_RETRIES → SET_CURRENT_TIMEOUT
 *   └──────────────────────────────────┘
 *        │ MISSION_CURRENT.seq = seq (also accepted while waiting for the COMMAND_ACK)
 *        ▼
 *   ┌─────────────────┐
 *   │ done {outcome}  │
 *   └─────────────────┘
 */
import { common, type MavLinkData } from '../codec/dialect.js';
import { BridgeError } from '../errors.js';
import { commandLong, missionSetCurrent } from './messages.js';
import { ignore, type DoneState, type Step, type Transaction, type TransactionEvent } from '../transaction/types.js';
import { MISSION_ERRORS, fromOurVehicle, type MissionContext } from './transaction.js';

export { COMMAND_ACK_TIMEOUT_MS, COMMAND_MAX_RETRIES, CURRENT_CONFIRM_TIMEOUT_MS, CURRENT_CONFIRM_MAX_RETRIES } from './timing.js';

export const MAV_CMD_DO_SET_MISSION_CURRENT = 224;

/** What the vehicle last reported in MISSION_CURRENT, for error messages. */
interface Seen {
  seq: number;
  total: number;
}

interface SetCurrentFixed {
  readonly seq: number;
  readonly ctx: MissionContext;
}

export type SetCurrentState = { readonly p: SetCurrentFixed; readonly seen: Seen | undefined } & (
  | { kind: 'awaitingCommandAck'; attempt: number }
  | { kind: 'awaitingCurrent'; attempt: number; via: 'command' | 'message' }
  | ({ kind: 'done' } & DoneState<void>)
);
type S = SetCurrentState;
type Active = Exclude<S, { kind: 'done' }>;

// param2 = 0: do not reset the mission (jump counters); the rest unused. 0 as in the recorded client.
const command = (p: SetCurrentFixed, confirmation: number): MavLinkData => commandLong(p.ctx.target, MAV_CMD_DO_SET_MISSION_CURRENT, [p.seq, 0, 0, 0, 0, 0, 0], confirmation);
const message = (p: SetCurrentFixed): MavLinkData => missionSetCurrent(p.ctx.target, p.seq);
const finish = (state: Active, outcome: DoneState<void>['outcome']): Step<S> => ({ state: { p: state.p, seen: state.seen, kind: 'done', outcome }, send: [], timer: null });

/** Results after which the deprecated message is worth trying. */
const FALL_BACK: ReadonlySet<number> = new Set([common.MavResult.UNSUPPORTED, common.MavResult.COMMAND_INT_ONLY]);

/** The first step: send MAV_CMD_DO_SET_MISSION_CURRENT and wait for its COMMAND_ACK. */
export function startSetCurrent(seq: number, ctx: MissionContext): Step<S> {
  const p: SetCurrentFixed = { seq, ctx };
  return { state: { p, seen: undefined, kind: 'awaitingCommandAck', attempt: 0 }, send: [command(p, 0)], timer: ctx.timing.commandAckTimeoutMs };
}

const fallBack = (state: Active): Step<S> => ({
  state: { p: state.p, seen: state.seen, kind: 'awaitingCurrent', attempt: 0, via: 'message' },
  send: [message(state.p)],
  timer: state.p.ctx.timing.currentConfirmTimeoutMs,
});

/** The set-current reducer. Pure: same state and event, same step. */
export function stepSetCurrent(state: S, event: TransactionEvent): Step<S> {
  if (state.kind === 'done') return ignore(state);
  const { p } = state;
  const t = p.ctx.timing;
  switch (event.kind) {
    case 'cancel':
      return finish(state, { ok: false, error: new BridgeError('MISSION_CANCELLED', `setting the current item to ${p.seq} cancelled; the vehicle may still apply it`) });
    case 'timeout': {
      const attempt = state.attempt + 1;
      if (state.kind === 'awaitingCommandAck') {
        // No answer to the command at all: some firmwares ignore it; the message still works there.
        return attempt > t.commandMaxRetries ? fallBack(state) : { state: { ...state, attempt }, send: [command(p, attempt)], timer: t.commandAckTimeoutMs };
      }
      if (attempt > t.currentConfirmMaxRetries) {
        const seen = state.seen ? ` (it reports item ${state.seen.seq} of ${state.seen.total === 0xffff ? 'no mission' : state.seen.total})` : ' (no MISSION_CURRENT heard)';
        return finish(state, {
          ok: false,
          error: new BridgeError('MISSION_SET_CURRENT_TIMEOUT', `vehicle did not confirm item ${p.seq} as current${seen}; check that the mission has that item and retry`, {
            seq: p.seq,
            attempts: attempt,
            seen: state.seen,
          }),
        });
      }
      return { state: { ...state, attempt }, send: [message(p)], timer: t.currentConfirmTimeoutMs };
    }
    case 'message': {
      if (!fromOurVehicle(event.msg, p.ctx)) return ignore(state);
      const d = event.msg.data;
      if (d instanceof common.MissionCurrent) {
        if (d.seq === p.seq) return finish(state, { ok: true, value: undefined });
        return { state: { ...state, seen: { seq: d.seq, total: d.total } }, send: [], timer: 'keep' };
      }
      if (d instanceof common.CommandAck && Number(d.command) === MAV_CMD_DO_SET_MISSION_CURRENT && state.kind === 'awaitingCommandAck') {
        const result = Number(d.result);
        if (result === common.MavResult.ACCEPTED) {
          return { state: { p, seen: state.seen, kind: 'awaitingCurrent', attempt: 0, via: 'command' }, send: [], timer: t.currentConfirmTimeoutMs };
        }
        if (result === common.MavResult.IN_PROGRESS) return { state, send: [], timer: t.currentConfirmTimeoutMs };
        if (FALL_BACK.has(result)) return fallBack(state);
        const name = common.MavResult[result] ?? String(result);
        return finish(state, {
          ok: false,
          error: new BridgeError('MISSION_SET_CURRENT_REJECTED', `vehicle refused item ${p.seq} as current item (MAV_RESULT_${name}); check that the mission has that item and that the vehicle accepts changes now`, {
            seq: p.seq,
            result,
          }),
        });
      }
      return ignore(state);
    }
  }
}

/** Set-current as a Transaction for the driver (see runTransaction). */
export function setCurrentTransaction(seq: number, ctx: MissionContext): Transaction<S, void> {
  return { name: `set current ${seq}`, errors: MISSION_ERRORS, first: startSetCurrent(seq, ctx), step: stepSetCurrent, outcome: (s) => (s.kind === 'done' ? s.outcome : undefined) };
}
