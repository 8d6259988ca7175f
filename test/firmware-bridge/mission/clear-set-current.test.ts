/** Clear and set-current reducers: table tests, no sockets. */
import { describe, expect, it } from 'vitest';
import { common } from '../../../firmware-bridge/codec/dialect.js';
import { startClear, stepClear } from '../../../firmware-bridge/mission/clear.js';
import { MAV_CMD_DO_SET_MISSION_CURRENT, startSetCurrent, stepSetCurrent, COMMAND_MAX_RETRIES, CURRENT_CONFIRM_MAX_RETRIES } from '../../../firmware-bridge/mission/set-current.js';
import { MISSION_MAX_RETRIES } from '../../../firmware-bridge/mission/timing.js';
import type { Step } from '../../../firmware-bridge/transaction/types.js';
import { cancel, commandAck, ctx, heartbeatLike, missionAck, missionCurrent, run, sent, timeout } from '../helpers/messages.js';

const R = common.MavMissionResult;
const last = <T>(xs: T[]): T => xs[xs.length - 1]!;
const outcome = (s: Step<{ kind: string }>) => (s.state as { outcome?: { ok: boolean; error?: { code: string } } }).outcome;

describe('clear reducer', () => {
  it('MISSION_CLEAR_ALL → ACK(ACCEPTED) of the same type', () => {
    const steps = run(startClear('fence', ctx()), stepClear, [missionAck(R.ACCEPTED, 'mission'), missionAck(R.ACCEPTED, 'fence')]);
    expect(sent(steps[0]!)).toEqual(['MISSION_CLEAR_ALL']);
    expect(steps[1]!.state.kind).toBe('awaitingAck'); // an ACK of another plan type is not ours
    expect(outcome(last(steps))).toEqual({ ok: true, value: undefined });
  });

  it('type all is MAV_MISSION_TYPE_ALL (255) and PX4 answers with 255', () => {
    const first = startClear('all', ctx());
    expect((first.send[0] as common.MissionClearAll).missionType).toBe(255);
    expect(outcome(stepClear(first.state, missionAck(R.ACCEPTED, 255)))).toEqual({ ok: true, value: undefined });
  });

  it('resends while PX4 ignores it (busy), then MISSION_CLEAR_TIMEOUT', () => {
    const steps = run(startClear('mission', ctx()), stepClear, Array(MISSION_MAX_RETRIES + 1).fill(timeout));
    expect(steps.slice(1, -1).every((s) => sent(s)[0] === 'MISSION_CLEAR_ALL')).toBe(true);
    expect(outcome(last(steps))?.error?.code).toBe('MISSION_CLEAR_TIMEOUT');
  });

  it('error ACK → typed NACK; random messages ignored; cancel → MISSION_CANCELLED', () => {
    expect(outcome(last(run(startClear('mission', ctx()), stepClear, [heartbeatLike(), missionAck(R.DENIED)])))?.error?.code).toBe('MISSION_NACK_DENIED');
    expect(outcome(last(run(startClear('mission', ctx()), stepClear, [cancel])))?.error?.code).toBe('MISSION_CANCELLED');
  });
});

describe('set-current reducer', () => {
  const play = (events: Parameters<typeof stepSetCurrent>[1][]) => run(startSetCurrent(2, ctx()), stepSetCurrent, events);

  it('sends DO_SET_MISSION_CURRENT first', () => {
    const first = startSetCurrent(2, ctx());
    const cmd = first.send[0] as common.CommandLong;
    expect(Number(cmd.command)).toBe(MAV_CMD_DO_SET_MISSION_CURRENT);
    expect([cmd._param1, cmd._param2, cmd.confirmation, cmd.targetSystem, cmd.targetComponent]).toEqual([2, 0, 0, 1, 1]);
  });

  it('PX4 1.16: UNSUPPORTED → falls back to MISSION_SET_CURRENT and confirms through MISSION_CURRENT', () => {
    const steps = play([commandAck(224, common.MavResult.UNSUPPORTED), missionCurrent(0, 7), missionCurrent(2, 7)]);
    expect(sent(steps[1]!)).toEqual(['MISSION_SET_CURRENT#2']);
    expect(steps[2]!.state.kind).toBe('awaitingCurrent'); // a MISSION_CURRENT from before the change
    expect(outcome(last(steps))).toEqual({ ok: true, value: undefined });
  });

  it('ACCEPTED → waits for MISSION_CURRENT to show it', () => {
    const steps = play([commandAck(224, common.MavResult.ACCEPTED), missionCurrent(2, 7)]);
    expect(steps[1]!.send).toEqual([]);
    expect(outcome(last(steps))).toEqual({ ok: true, value: undefined });
  });

  it('a refusal is MISSION_SET_CURRENT_REJECTED; ACKs for other commands are ignored', () => {
    const steps = play([commandAck(400, common.MavResult.DENIED), commandAck(224, common.MavResult.DENIED)]);
    expect(steps[1]!.state.kind).toBe('awaitingCommandAck');
    expect(outcome(last(steps))?.error?.code).toBe('MISSION_SET_CURRENT_REJECTED');
  });

  it('an unanswered command is resent with confirmation+1, then the message is tried', () => {
    const steps = play(Array(COMMAND_MAX_RETRIES + 1).fill(timeout));
    expect(steps.slice(1, -1).map((s) => (s.send[0] as common.CommandLong).confirmation)).toEqual([1, 2]);
    expect(sent(last(steps))).toEqual(['MISSION_SET_CURRENT#2']);
  });

  it('never confirmed → MISSION_SET_CURRENT_TIMEOUT naming what the vehicle reports', () => {
    const steps = play([commandAck(224, common.MavResult.UNSUPPORTED), missionCurrent(0, 7), ...Array(CURRENT_CONFIRM_MAX_RETRIES + 1).fill(timeout)]);
    const o = outcome(last(steps));
    expect(o?.error?.code).toBe('MISSION_SET_CURRENT_TIMEOUT');
    expect(String((o?.error as Error | undefined)?.message)).toContain('item 0 of 7');
  });

  it('cancel → MISSION_CANCELLED', () => {
    expect(outcome(last(play([cancel])))?.error?.code).toBe('MISSION_CANCELLED');
  });
});
