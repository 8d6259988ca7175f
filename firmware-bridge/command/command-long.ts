/**
 * The command transaction (COMMAND_LONG, and COMMAND_INT via command-int.ts) as a PURE reducer:
 * `step(state, event) → {state, send[], timer}`. No sockets, no clocks: the transaction driver
 * (../transaction/driver.ts) runs it, and client.ts queues commands per id.
 *
 *   start ── send(conf 0) ──▶ ┌──────────────────────────┐ ── ACK ACCEPTED ─────────────────▶ ┌──────┐
 *                             │ awaitingAck {sends}      │ ── ACK error result ─────────────▶ │ done │
 *      timeout, sends ≤ MAX_  │ timer ACK_TIMEOUT_MS     │ ── timeout, retries spent ───────▶ │      │
 *      RETRIES: resend with ─▶│                          │ ── cancel ───────────────────────▶ │      │
 *      confirmation+1 ────────└────────────┬─────────────┘                                    │      │
 *                                          │ ACK IN_PROGRESS (stop retransmitting)             │      │
 *                                          ▼                                                   │      │
 *      IN_PROGRESS / TEMP_REJ ┌──────────────────────────┐ ── ACK ACCEPTED ─────────────────▶ │      │
 *      (refresh timer) ──────▶│ inProgress {progress,    │ ── ACK FAILED/CANCELLED/… ───────▶ │      │
 *      first silence: resend ▶│   resent}                │ ── second silence ───────────────▶ │      │
 *      once (final ACK lost?) │ timer IN_PROGRESS_TIMEOUT│ ── cancel: send COMMAND_CANCEL ─▶ │      │
 *                             └──────────────────────────┘                                    └──────┘
 *
 * ACKs carry no sequence number, so an ACK is ours when its `command` matches, it comes from the
 * addressed sysid/compid, and its target_system/component (when non-zero) are us. The caller
 * keeps at most one transaction per command id in flight (client.ts queues the rest).
 */
import { common, CommandCancel, type MavLinkData } from '../codec/dialect.js';
import type { Identity } from '../codec/encode.js';
import type { Target } from '../link/channel.js';
import { BridgeError, type BridgeErrorCode } from '../errors.js';
import type { Inbound, Step, Transaction, TransactionEvent } from '../transaction/types.js';
import { encodeCommandInt, type CommandIntRequest } from './command-int.js';
import { mavCmdName, mavResultName, resultHandling } from './results.js';

/**
 * Wait for a COMMAND_ACK before re-sending. MAVSDK uses 0.5 s, QGC 3 s. PX4 answers within 17 ms
 * on loopback (../shared/px4), but a SiK radio carrying ~400 telemetry msg/s adds a few hundred ms
 * of queueing, where 0.5 s would retransmit needlessly; 3 s makes each lost packet cost the operator
 * 3 s. 1 s sits between: a lost command is retried after 1 s, a dead link is reported after 4 s.
 */
export const ACK_TIMEOUT_MS = 1_000;
/** Re-sends after the first send (MAVSDK and QGC both allow 3 more tries): 4 sends in all. */
export const MAX_RETRIES = 3;
/**
 * After IN_PROGRESS, silence allowed before we suspect the final ACK was lost. MAVSDK uses 3 s, but
 * PX4's gripper sends a single IN_PROGRESS and the final ACK only after PD_GRIPPER_TO (default 3 s),
 * so 3 s would race it. Each IN_PROGRESS refreshes this timer.
 */
export const IN_PROGRESS_TIMEOUT_MS = 5_000;
/**
 * The vehicle never re-sends a final ACK. After IN_PROGRESS goes silent we re-send the command
 * this many times: PX4 answers ACCEPTED if the action is already done, TEMPORARILY_REJECTED if it
 * still runs (which we then treat as progress). One is enough; a second silence is a timeout.
 */
export const IN_PROGRESS_RESENDS = 1;

export interface CommandTiming {
  ackTimeoutMs: number;
  maxRetries: number;
  inProgressTimeoutMs: number;
}

export const DEFAULT_COMMAND_TIMING: Readonly<CommandTiming> = {
  ackTimeoutMs: ACK_TIMEOUT_MS,
  maxRetries: MAX_RETRIES,
  inProgressTimeoutMs: IN_PROGRESS_TIMEOUT_MS,
};

export type CommandLongParams = readonly [number, number, number, number, number, number, number];

export interface CommandLongRequest {
  kind: 'long';
  /** MAV_CMD id. */
  command: number;
  /** param1..param7; NaN for unused (PX4 treats NaN as "not set"; MAVSDK does the same). */
  params: CommandLongParams;
}

export type CommandRequest = CommandLongRequest | CommandIntRequest;

export interface CommandContext {
  request: CommandRequest;
  /** The component we address and accept the ACK from (PX4 autopilot 1/1). */
  target: Target;
  /** Our identity: an ACK with a non-zero target must name it. */
  own: Identity;
  timing: CommandTiming;
}

export interface CommandAccepted {
  ok: true;
  command: number;
  /** COMMAND_ACK.result_param2 (command-specific extra result). */
  resultParam2: number;
  /** Last progress reported by IN_PROGRESS, if any. */
  progress: number | undefined;
  sends: number;
}

export interface CommandRefused {
  ok: false;
  command: number;
  code: BridgeErrorCode;
  message: string;
  /** The MAV_RESULT when the vehicle answered; undefined for timeouts and cancellation. */
  result: number | undefined;
  resultParam2: number | undefined;
  sends: number;
}

export type CommandOutcome = CommandAccepted | CommandRefused;

export type CommandState =
  | { kind: 'awaitingAck'; ctx: CommandContext; sends: number }
  | { kind: 'inProgress'; ctx: CommandContext; sends: number; progress: number | undefined; resends: number }
  | { kind: 'done'; ctx: CommandContext; sends: number; outcome: CommandOutcome };

/** Present on a step when an IN_PROGRESS update arrived: 0–100, or undefined when the vehicle sent 255 (unknown). */
export interface CommandProgress {
  percent: number | undefined;
}

export type CommandStep = Step<CommandState, CommandProgress>;

/** Why a command may go unanswered, by MAV_CMD id: appended to COMMAND_TIMEOUT messages. */
export const NO_ACK_HINTS: Readonly<Record<number, string>> = {
  [common.MavCmd.DO_GRIPPER]:
    'PX4 never acknowledges DO_GRIPPER when payload_deliverer is not running: set PD_GRIPPER_EN=1 and assign an actuator output to "Gripper", or use a DO_GRIPPER mission item',
  [common.MavCmd.DO_WINCH]: 'PX4 has no winch driver and leaves DO_WINCH unacknowledged; use DO_GRIPPER with PX4',
};

/**
 * Build the message for the n-th send (n = 0 first). COMMAND_LONG gets confirmation = n, as the
 * spec asks (PX4 ignores it; QGC and MAVSDK always send 0).
 */
export function encodeCommand(ctx: CommandContext, n: number): MavLinkData {
  const req = ctx.request;
  if (req.kind === 'int') return encodeCommandInt(req, ctx.target);
  const m = new common.CommandLong();
  m.targetSystem = ctx.target.system;
  m.targetComponent = ctx.target.component;
  m.command = req.command as common.MavCmd;
  m.confirmation = Math.min(n, 255);
  [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7] = req.params;
  return m;
}

/**
 * The COMMAND_ACK in `message` if it answers this transaction, else undefined.
 * @example ackFor(ctx, { sysid: 1, compid: 1, data: ack })
 */
export function ackFor(ctx: CommandContext, message: Inbound): common.CommandAck | undefined {
  if (!(message.data instanceof common.CommandAck)) return undefined;
  const ack = message.data;
  if (Number(ack.command) !== ctx.request.command) return undefined;
  if (message.sysid !== ctx.target.system) return undefined;
  // Target component 0 (broadcast) may be answered by any component; otherwise only the addressed one.
  if (ctx.target.component !== 0 && message.compid !== ctx.target.component) return undefined;
  // An ACK addressed to another GCS (or to PX4 itself for its own forwarded commands) is not ours.
  if (ack.targetSystem !== 0 && ack.targetSystem !== ctx.own.sysid) return undefined;
  if (ack.targetComponent !== 0 && ack.targetComponent !== ctx.own.compid) return undefined;
  return ack;
}

/**
 * Begin a transaction: the first send and the ACK timer.
 * @example const s = startCommand({ request, target: { system: 1, component: 1 }, own: { sysid: 255, compid: 190 }, timing: DEFAULT_COMMAND_TIMING })
 */
export function startCommand(ctx: CommandContext): CommandStep {
  return { state: { kind: 'awaitingAck', ctx, sends: 1 }, send: [encodeCommand(ctx, 0)], timer: ctx.timing.ackTimeoutMs };
}

/**
 * Advance the transaction by one event.
 * @example let r = startCommand(ctx); r = step(r.state, { kind: 'timeout' }) // resend, confirmation 1
 */
export function step(state: CommandState, event: TransactionEvent): CommandStep {
  if (state.kind === 'done') return { state, send: [], timer: null };
  if (event.kind === 'cancel') {
    const reason = event.reason ?? 'cancelled by the caller';
    const done = finish(state, refused(state, 'COMMAND_ABORTED', `${label(state.ctx)} aborted: ${reason}`, undefined, undefined));
    // A command the vehicle is still working on (it said IN_PROGRESS) is cancelled there too.
    return state.kind === 'inProgress' ? { ...done, send: [commandCancel(state.ctx)] } : done;
  }
  if (event.kind === 'timeout') return onTimeout(state);
  const ack = ackFor(state.ctx, event.msg);
  if (!ack) return { state, send: [], timer: 'keep' };
  return onAck(state, ack);
}

function onAck(state: Exclude<CommandState, { kind: 'done' }>, ack: common.CommandAck): CommandStep {
  const result = Number(ack.result);
  const handling = resultHandling(result);
  const { ctx } = state;
  if (handling.kind === 'accepted') {
    const progress = state.kind === 'inProgress' ? state.progress : undefined;
    return finish(state, { ok: true, command: ctx.request.command, resultParam2: ack.resultParam2, progress, sends: state.sends });
  }
  if (handling.kind === 'inProgress') {
    const percent = ack.progress <= 100 ? ack.progress : undefined; // 255 = unknown
    const resends = state.kind === 'inProgress' ? state.resends : 0;
    return {
      state: { kind: 'inProgress', ctx, sends: state.sends, progress: percent ?? (state.kind === 'inProgress' ? state.progress : undefined), resends },
      send: [],
      timer: ctx.timing.inProgressTimeoutMs,
      progress: { percent },
    };
  }
  if (state.kind === 'inProgress' && handling.code === 'COMMAND_TEMPORARILY_REJECTED') {
    // While our command runs, a duplicate of it (a crossed retry, or our resend after silence) is
    // answered TEMPORARILY_REJECTED: the vehicle is busy with ours. Treat as a sign of life.
    return { state, send: [], timer: ctx.timing.inProgressTimeoutMs };
  }
  const message = `${label(ctx)} refused: ${mavResultName(result)}; ${handling.advice}`;
  return finish(state, refused(state, handling.code, message, result, ack.resultParam2));
}

function onTimeout(state: Exclude<CommandState, { kind: 'done' }>): CommandStep {
  const { ctx } = state;
  if (state.kind === 'awaitingAck') {
    if (state.sends <= ctx.timing.maxRetries) {
      return { state: { ...state, sends: state.sends + 1 }, send: [encodeCommand(ctx, state.sends)], timer: ctx.timing.ackTimeoutMs };
    }
    const hint = NO_ACK_HINTS[ctx.request.command] ?? 'check the link: is the vehicle still sending HEARTBEAT?';
    const waited = state.sends * ctx.timing.ackTimeoutMs;
    return finish(state, refused(state, 'COMMAND_TIMEOUT', `no COMMAND_ACK for ${label(ctx)} after ${state.sends} sends over ${waited} ms; ${hint}`, undefined, undefined));
  }
  if (state.resends < IN_PROGRESS_RESENDS) {
    return {
      state: { ...state, sends: state.sends + 1, resends: state.resends + 1 },
      send: [encodeCommand(ctx, state.sends)],
      timer: ctx.timing.inProgressTimeoutMs,
    };
  }
  const last = state.progress === undefined ? 'unknown' : `${state.progress}%`;
  return finish(
    state,
    refused(
      state,
      'COMMAND_TIMEOUT',
      `${label(ctx)} was in progress (last progress ${last}) but no final result came within ${ctx.timing.inProgressTimeoutMs} ms, even after re-sending it; check the vehicle's status text`,
      undefined,
      undefined,
    ),
  );
}

/**
 * The command as a transaction for the driver: resolves with CommandAccepted, rejects with the
 * refusal's BridgeError (details: command, result, resultParam2, sends).
 * @example await runTransaction(channel, clock, commandTransaction(ctx))
 */
export function commandTransaction(ctx: CommandContext): Transaction<CommandState, CommandAccepted, CommandProgress> {
  return {
    name: label(ctx),
    errors: { cancelled: 'COMMAND_ABORTED', failed: 'COMMAND_PROTOCOL_ERROR' },
    first: startCommand(ctx),
    step,
    outcome(state) {
      if (state.kind !== 'done') return undefined;
      const o = state.outcome;
      if (o.ok) return { ok: true, value: o };
      return { ok: false, error: new BridgeError(o.code, o.message, { command: o.command, result: o.result, resultParam2: o.resultParam2, sends: o.sends }) };
    },
  };
}

/** COMMAND_CANCEL for the running command (the vehicle answers COMMAND_ACK CANCELLED if it can stop it). */
function commandCancel(ctx: CommandContext): CommandCancel {
  const m = new CommandCancel();
  m.command = ctx.request.command;
  m.targetSystem = ctx.target.system;
  m.targetComponent = ctx.target.component;
  return m;
}

function finish(state: Exclude<CommandState, { kind: 'done' }>, outcome: CommandOutcome): CommandStep {
  return { state: { kind: 'done', ctx: state.ctx, sends: state.sends, outcome }, send: [], timer: null };
}

function refused(
  state: Exclude<CommandState, { kind: 'done' }>,
  code: BridgeErrorCode,
  message: string,
  result: number | undefined,
  resultParam2: number | undefined,
): CommandRefused {
  return { ok: false, command: state.ctx.request.command, code, message, result, resultParam2, sends: state.sends };
}

function label(ctx: CommandContext): string {
  const kind = ctx.request.kind === 'int' ? 'COMMAND_INT' : 'COMMAND_LONG';
  return `${kind} ${mavCmdName(ctx.request.command)} (${ctx.request.command}) to ${ctx.target.system}/${ctx.target.component}`;
}
