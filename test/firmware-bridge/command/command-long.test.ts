/** Table tests of the pure command reducer: no sockets, no clocks, no mocks. */
import { describe, expect, it } from 'vitest';
import { CommandCancel, common } from '../../../firmware-bridge/codec/dialect.js';
import {
  ACK_TIMEOUT_MS,
  DEFAULT_COMMAND_TIMING,
  IN_PROGRESS_TIMEOUT_MS,
  MAX_RETRIES,
  startCommand,
  step,
  type CommandContext,
  type CommandState,
  type CommandStep,
} from '../../../firmware-bridge/command/command-long.js';
import { MAV_RESULT_HANDLING, MAV_RESULT_NOT_IN_CONTROL } from '../../../firmware-bridge/command/results.js';
import type { TransactionEvent } from '../../../firmware-bridge/transaction/types.js';
import { commandAck, GCS, TARGET, type AckOptions } from './fake-channel.js';

const ARM = common.MavCmd.COMPONENT_ARM_DISARM;
const NaN7 = [1, 0, NaN, NaN, NaN, NaN, NaN] as const;

function ctx(over: Partial<CommandContext> = {}): CommandContext {
  return { request: { kind: 'long', command: ARM, params: NaN7 }, target: TARGET, own: GCS, timing: DEFAULT_COMMAND_TIMING, ...over };
}

const timeout: TransactionEvent = { kind: 'timeout' };
const ackEv = (result: number, o: AckOptions & { from?: { sysid: number; compid: number }; command?: number } = {}): TransactionEvent => ({
  kind: 'message',
  msg: { data: commandAck(o.command ?? ARM, result, o), ...(o.from ?? { sysid: 1, compid: 1 }) },
});

function run(events: TransactionEvent[], c = ctx()): CommandStep[] {
  const steps = [startCommand(c)];
  for (const e of events) steps.push(step(steps.at(-1)!.state, e));
  return steps;
}

const sentLong = (s: CommandStep): common.CommandLong[] => s.send as common.CommandLong[];
const doneOutcome = (s: CommandState) => {
  if (s.kind !== 'done') throw new Error(`not done: ${s.kind}`);
  return s.outcome;
};

describe('command reducer: sending and retries', () => {
  it('first send: COMMAND_LONG to 1/1, confirmation 0, NaN params kept, ACK timer armed', () => {
    const [s] = run([]);
    const m = sentLong(s!)[0]!;
    expect(m).toBeInstanceOf(common.CommandLong);
    expect([m.targetSystem, m.targetComponent, m.command, m.confirmation]).toEqual([1, 1, ARM, 0]);
    expect([m._param1, m._param2]).toEqual([1, 0]);
    expect(Number.isNaN(m._param3) && Number.isNaN(m._param7)).toBe(true);
    expect(s!.timer).toBe(ACK_TIMEOUT_MS);
    expect(s!.state).toMatchObject({ kind: 'awaitingAck', sends: 1 });
  });

  it('re-sends on each timeout with the confirmation incremented, then COMMAND_TIMEOUT', () => {
    const steps = run(Array(MAX_RETRIES + 1).fill(timeout));
    const confirmations = steps.flatMap((s) => sentLong(s).map((m) => m.confirmation));
    expect(confirmations).toEqual([0, 1, 2, 3]);
    expect(steps.slice(0, -1).every((s) => s.timer === ACK_TIMEOUT_MS)).toBe(true);
    const last = steps.at(-1)!;
    expect(last.timer).toBeNull();
    const o = doneOutcome(last.state);
    expect(o).toMatchObject({ ok: false, code: 'COMMAND_TIMEOUT', sends: 4, result: undefined });
    expect(!o.ok && o.message).toMatch(/no COMMAND_ACK for COMMAND_LONG COMPONENT_ARM_DISARM \(400\) to 1\/1 after 4 sends/);
  });

  it('an ACK to a retry completes the transaction', () => {
    const steps = run([timeout, ackEv(0)]);
    expect(doneOutcome(steps.at(-1)!.state)).toMatchObject({ ok: true, sends: 2, command: ARM });
  });

  it('honours custom timing (QGC-like 3 s x 3 tries)', () => {
    const c = ctx({ timing: { ackTimeoutMs: 3000, maxRetries: 2, inProgressTimeoutMs: 3000 } });
    const steps = run([timeout, timeout, timeout], c);
    expect(steps.map((s) => s.timer)).toEqual([3000, 3000, 3000, null]);
    expect(doneOutcome(steps.at(-1)!.state)).toMatchObject({ code: 'COMMAND_TIMEOUT', sends: 3 });
  });

  it('DO_GRIPPER that PX4 never answers times out with a message saying why', () => {
    const c = ctx({ request: { kind: 'long', command: common.MavCmd.DO_GRIPPER, params: [1, 0, NaN, NaN, NaN, NaN, NaN] } });
    const o = doneOutcome(run(Array(MAX_RETRIES + 1).fill(timeout), c).at(-1)!.state);
    expect(!o.ok && o.message).toMatch(/PX4 never acknowledges DO_GRIPPER.*PD_GRIPPER_EN=1/);
  });
});

describe('command reducer: every MAV_RESULT', () => {
  const R = common.MavResult;
  const table: [number, string, string | undefined][] = [
    [R.ACCEPTED, 'ACCEPTED', undefined],
    [R.TEMPORARILY_REJECTED, 'TEMPORARILY_REJECTED', 'COMMAND_TEMPORARILY_REJECTED'],
    [R.DENIED, 'DENIED', 'COMMAND_DENIED'],
    [R.UNSUPPORTED, 'UNSUPPORTED', 'COMMAND_UNSUPPORTED'],
    [R.FAILED, 'FAILED', 'COMMAND_FAILED'],
    [R.IN_PROGRESS, 'IN_PROGRESS', undefined],
    [R.CANCELLED, 'CANCELLED', 'COMMAND_CANCELLED'],
    [R.COMMAND_LONG_ONLY, 'COMMAND_LONG_ONLY', 'COMMAND_LONG_ONLY'],
    [R.COMMAND_INT_ONLY, 'COMMAND_INT_ONLY', 'COMMAND_INT_ONLY'],
    [R.COMMAND_UNSUPPORTED_MAV_FRAME, 'COMMAND_UNSUPPORTED_MAV_FRAME', 'COMMAND_UNSUPPORTED_FRAME'],
    [MAV_RESULT_NOT_IN_CONTROL, 'NOT_IN_CONTROL', 'COMMAND_NOT_IN_CONTROL'],
    [42, 'UNKNOWN_42', 'COMMAND_FAILED'],
  ];

  it('the table covers every value of the enum plus NOT_IN_CONTROL', () => {
    const enumValues = Object.values(R).filter((v): v is number => typeof v === 'number');
    expect(Object.keys(MAV_RESULT_HANDLING).map(Number).sort((a, b) => a - b)).toEqual([...enumValues, MAV_RESULT_NOT_IN_CONTROL].sort((a, b) => a - b));
    expect(table.length - 1).toBe(enumValues.length + 1);
  });

  it.each(table)('result %i (%s) → %s', (result, name, code) => {
    const s = step(startCommand(ctx()).state, ackEv(result, { resultParam2: 7 }));
    if (result === R.IN_PROGRESS) {
      expect(s.state.kind).toBe('inProgress');
      expect(s.send).toEqual([]);
      expect(s.timer).toBe(IN_PROGRESS_TIMEOUT_MS);
      return;
    }
    const o = doneOutcome(s.state);
    if (code === undefined) {
      expect(o).toMatchObject({ ok: true, resultParam2: 7 });
    } else {
      expect(o).toMatchObject({ ok: false, code, result, resultParam2: 7 });
      expect(!o.ok && o.message).toContain(name);
    }
    expect(s.timer).toBeNull();
  });
});

describe('command reducer: IN_PROGRESS', () => {
  const R = common.MavResult;

  it('stops retransmission, reports progress, refreshes the longer timeout on each update', () => {
    const steps = run([ackEv(R.IN_PROGRESS, { progress: 10 }), ackEv(R.IN_PROGRESS, { progress: 255 }), ackEv(R.IN_PROGRESS, { progress: 60 }), ackEv(R.ACCEPTED)]);
    expect(steps.slice(1, 4).map((s) => [s.send.length, s.timer, s.progress?.percent])).toEqual([
      [0, IN_PROGRESS_TIMEOUT_MS, 10],
      [0, IN_PROGRESS_TIMEOUT_MS, undefined],
      [0, IN_PROGRESS_TIMEOUT_MS, 60],
    ]);
    expect(doneOutcome(steps.at(-1)!.state)).toMatchObject({ ok: true, progress: 60, sends: 1 });
  });

  it('lost final ACK: re-sends the command once after the timeout; ACCEPTED then completes', () => {
    const steps = run([ackEv(R.IN_PROGRESS, { progress: 255 }), timeout, ackEv(R.ACCEPTED)]);
    const resend = steps[2]!;
    expect(sentLong(resend).map((m) => m.confirmation)).toEqual([1]);
    expect(resend.timer).toBe(IN_PROGRESS_TIMEOUT_MS);
    expect(doneOutcome(steps.at(-1)!.state)).toMatchObject({ ok: true, sends: 2 });
  });

  it('TEMPORARILY_REJECTED for the duplicate while ours runs is a sign of life, not a failure', () => {
    const steps = run([ackEv(R.IN_PROGRESS), timeout, ackEv(R.TEMPORARILY_REJECTED), ackEv(R.ACCEPTED)]);
    expect(steps[3]!.state.kind).toBe('inProgress');
    expect(steps[3]!.timer).toBe(IN_PROGRESS_TIMEOUT_MS);
    expect(doneOutcome(steps.at(-1)!.state).ok).toBe(true);
  });

  it('a second silence after the re-send is COMMAND_TIMEOUT naming the last progress', () => {
    const steps = run([ackEv(R.IN_PROGRESS, { progress: 40 }), timeout, timeout]);
    const o = doneOutcome(steps.at(-1)!.state);
    expect(o).toMatchObject({ ok: false, code: 'COMMAND_TIMEOUT', sends: 2 });
    expect(!o.ok && o.message).toMatch(/in progress \(last progress 40%\)/);
  });

  it('FAILED after IN_PROGRESS is reported as COMMAND_FAILED', () => {
    expect(doneOutcome(run([ackEv(R.IN_PROGRESS), ackEv(R.FAILED)]).at(-1)!.state)).toMatchObject({ code: 'COMMAND_FAILED' });
  });
});

describe('command reducer: ACK matching', () => {
  const cases: [string, TransactionEvent][] = [
    ['another command id', ackEv(0, { command: common.MavCmd.DO_SET_MODE })],
    ['another system', ackEv(0, { from: { sysid: 2, compid: 1 } })],
    ['another component of the vehicle', ackEv(0, { from: { sysid: 1, compid: 100 } })],
    ['an ACK addressed to another GCS', ackEv(0, { targetSystem: 254 })],
    ['an ACK addressed to another component of ours', ackEv(0, { targetComponent: 191 })],
    ['an ACK PX4 addressed to itself', ackEv(0, { targetSystem: 1, targetComponent: 0 })],
    ['a message that is not an ACK', { kind: 'message', msg: { data: new common.MissionItemReached(), sysid: 1, compid: 1 } }],
  ];

  it.each(cases)('ignores %s (state unchanged, timer kept)', (_, event) => {
    const start = startCommand(ctx()).state;
    const s = step(start, event);
    expect(s.state).toBe(start);
    expect(s.send).toEqual([]);
    expect(s.timer).toBe('keep');
  });

  it('accepts an ACK with target 0/0 (older autopilots do not fill them)', () => {
    expect(doneOutcome(step(startCommand(ctx()).state, ackEv(0, { targetSystem: 0, targetComponent: 0 })).state).ok).toBe(true);
  });

  it('target component 0 accepts the answer from any component of the system', () => {
    const c = ctx({ target: { system: 1, component: 0 } });
    expect(doneOutcome(step(startCommand(c).state, ackEv(0, { from: { sysid: 1, compid: 100 } })).state).ok).toBe(true);
  });
});

describe('command reducer: cancel, done, COMMAND_INT', () => {
  it('cancel ends with COMMAND_ABORTED in any waiting state', () => {
    for (const events of [[], [ackEv(common.MavResult.IN_PROGRESS)]]) {
      const steps = run([...events, { kind: 'cancel', reason: 'operator pressed stop' }]);
      const o = doneOutcome(steps.at(-1)!.state);
      expect(o).toMatchObject({ ok: false, code: 'COMMAND_ABORTED' });
      expect(!o.ok && o.message).toContain('operator pressed stop');
      expect(steps.at(-1)!.timer).toBeNull();
    }
  });

  it('cancelling a command the vehicle said IN_PROGRESS for sends COMMAND_CANCEL to it; before that, nothing', () => {
    const running = run([ackEv(common.MavResult.IN_PROGRESS), { kind: 'cancel' }]).at(-1)!;
    expect(running.send).toHaveLength(1);
    const m = running.send[0] as CommandCancel;
    expect(m).toBeInstanceOf(CommandCancel);
    expect([m.command, m.targetSystem, m.targetComponent]).toEqual([ctx().request.command, 1, 1]);
    expect(run([{ kind: 'cancel' }]).at(-1)!.send).toEqual([]); // not acknowledged yet: nothing runs there
  });

  it('a finished transaction ignores everything', () => {
    const done = run([ackEv(0)]).at(-1)!.state;
    for (const e of [timeout, ackEv(4), { kind: 'cancel' } as TransactionEvent]) {
      expect(step(done, e)).toEqual({ state: done, send: [], timer: null });
    }
  });

  it('COMMAND_INT: frame and degE7 x/y as given, the same message on every resend', () => {
    const c = ctx({
      request: { kind: 'int', command: common.MavCmd.DO_REPOSITION, frame: 0, params: [-1, 1, 0, NaN], x: 535513390, y: 99925000, z: 29.642 },
    });
    const s2 = run([timeout, ackEv(0, { command: common.MavCmd.DO_REPOSITION })], c);
    const msgs = s2.flatMap((s) => s.send) as common.CommandInt[];
    expect(msgs).toHaveLength(2);
    for (const m of msgs) {
      expect(m).toBeInstanceOf(common.CommandInt);
      expect([m.targetSystem, m.targetComponent, m.frame, m.command, m.current, m.autocontinue]).toEqual([1, 1, 0, 192, 0, 0]);
      expect([m._param1, m._param2, m._param3, m._param5, m._param6, m._param7]).toEqual([-1, 1, 0, 535513390, 99925000, 29.642]);
      expect(Number.isNaN(m._param4)).toBe(true);
    }
    expect(doneOutcome(s2.at(-1)!.state)).toMatchObject({ ok: true, sends: 2 });
  });
});
