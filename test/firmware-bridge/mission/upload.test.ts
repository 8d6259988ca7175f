/** Upload reducer: table tests, no sockets. The MAVSDK checklist plus PX4's quirks. */
import { describe, expect, it } from 'vitest';
import { common } from '../../../firmware-bridge/codec/dialect.js';
import { MISSION_ACK_TIMEOUT_MS, MISSION_BUSY_MAX_RETRIES, MISSION_MAX_RETRIES, startUpload, stepUpload, type UploadState } from '../../../firmware-bridge/mission/upload.js';
import { MISSION_RESULT_CODES } from '../../../firmware-bridge/mission/types.js';
import type { Step, TransactionEvent } from '../../../firmware-bridge/transaction/types.js';
import { cancel, ctx, DELIVERY_MISSION, fromVehicle, heartbeatLike, missionAck, missionRequest, missionRequestInt, run, sent, timeout } from '../helpers/messages.js';
import * as m from '../../../firmware-bridge/mission/messages.js';

const R = common.MavMissionResult;
const items = DELIVERY_MISSION.slice(0, 3);
const start = (its = items): Step<UploadState> => startUpload('mission', its, ctx());
const play = (events: TransactionEvent[], its = items): Step<UploadState>[] => run(start(its), stepUpload, events);
const last = <T>(xs: T[]): T => xs[xs.length - 1]!;
const outcome = (s: Step<UploadState>) => (s.state.kind === 'done' ? s.state.outcome : undefined);
const errorCode = (s: Step<UploadState>): string | undefined => {
  const o = outcome(s);
  return o && !o.ok ? o.error.code : undefined;
};
const happy = [missionRequestInt(0), missionRequestInt(1), missionRequestInt(2)];

describe('upload reducer', () => {
  it('sends COUNT, answers each request with MISSION_ITEM_INT and ends on ACCEPTED with the opaque_id', () => {
    const steps = play([...happy, missionAck(R.ACCEPTED, 'mission', 1234)]);
    expect(sent(steps[0]!)).toEqual(['MISSION_COUNT=3']);
    expect(steps.slice(1, 4).map(sent)).toEqual([['MISSION_ITEM_INT#0'], ['MISSION_ITEM_INT#1'], ['MISSION_ITEM_INT#2']]);
    expect(outcome(last(steps))).toEqual({ ok: true, value: { opaqueId: 1234, count: 3 } });
    expect(last(steps).timer).toBeNull();
  });

  it('answers the legacy MISSION_REQUEST (PX4 on a fresh link) with MISSION_ITEM_INT', () => {
    const steps = play([missionRequest(0), missionRequestInt(1)]);
    expect(steps[1]!.send[0]).toBeInstanceOf(common.MissionItemInt);
    expect(sent(steps[1]!)).toEqual(['MISSION_ITEM_INT#0']);
  });

  it('items carry every field exactly, addressed to the vehicle', () => {
    const item = play([missionRequestInt(0)])[1]!.send[0] as common.MissionItemInt;
    expect({ ...item }).toMatchObject({ targetSystem: 1, targetComponent: 1, seq: 0, frame: 6, command: 22, current: 0, autocontinue: 1, x: 535508000, y: 99925000, z: 40, missionType: 0 });
    expect(item.param4).toBeNaN();
  });

  it('reports progress: done = items the vehicle confirmed by asking for the next one', () => {
    const steps = play([...happy, missionAck(R.ACCEPTED)]);
    expect(steps.map((s) => s.progress)).toEqual([{ done: 0, total: 3 }, { done: 0, total: 3 }, { done: 1, total: 3 }, { done: 2, total: 3 }, { done: 3, total: 3 }]);
  });

  it('empty list: COUNT 0 is a clear, ACCEPTED ends it, silence resends COUNT 0', () => {
    const steps = play([timeout, missionAck(R.ACCEPTED)], []);
    expect(sent(steps[0]!)).toEqual(['MISSION_COUNT=0']);
    expect(sent(steps[1]!)).toEqual(['MISSION_COUNT=0']);
    expect(outcome(last(steps))).toEqual({ ok: true, value: { opaqueId: 0, count: 0 } });
  });

  it('ack too early: ACCEPTED before every item was requested is a protocol error, never success', () => {
    const steps = play([missionRequestInt(0), missionAck(R.ACCEPTED, 'mission', 99)]);
    expect(errorCode(last(steps))).toBe('MISSION_PROTOCOL_ERROR');
  });

  it('random messages, other senders, other GCSs and other plan types neither advance nor refresh the timeout', () => {
    const otherGcs = fromVehicle(m.missionRequestInt({ system: 254, component: 190 }, 0, 0));
    const otherComponent = fromVehicle(m.missionRequestInt({ system: 255, component: 190 }, 0, 0), { sysid: 1, compid: 100 });
    const otherSystem = fromVehicle(m.missionRequestInt({ system: 255, component: 190 }, 0, 0), { sysid: 2, compid: 1 });
    const steps = play([heartbeatLike(), otherGcs, otherComponent, otherSystem, missionRequestInt(0, 'fence'), missionAck(R.ERROR, 'rally')]);
    for (const s of steps.slice(1)) {
      expect(s.send).toEqual([]);
      expect(s.timer).toBe('keep');
      expect(s.state).toEqual(steps[0]!.state);
    }
  });

  it('duplicate requests are answered again without refreshing the timeout', () => {
    const steps = play([missionRequestInt(0), missionRequestInt(1), missionRequestInt(0), missionRequestInt(1)]);
    expect(steps.slice(3).map(sent)).toEqual([['MISSION_ITEM_INT#0'], ['MISSION_ITEM_INT#1']]);
    expect(steps.slice(3).map((s) => s.timer)).toEqual(['keep', 'keep']);
  });

  it('timeout not triggered during a transfer: every new request re-arms it and resets the retries', () => {
    const steps = play([missionRequestInt(0), ...Array(MISSION_MAX_RETRIES).fill(timeout), missionRequestInt(1), ...Array(MISSION_MAX_RETRIES).fill(timeout), missionRequestInt(2)]);
    expect(steps.filter((s) => typeof s.timer === 'number').every((s) => s.timer === MISSION_ACK_TIMEOUT_MS)).toBe(true);
    expect(last(steps).state.kind).toBe('awaitingAck');
    expect(steps.slice(2, 2 + MISSION_MAX_RETRIES).map(sent)).toEqual(Array(MISSION_MAX_RETRIES).fill(['MISSION_ITEM_INT#0']));
  });

  it('silence before the first request resends COUNT; 5 retries then MISSION_UPLOAD_TIMEOUT and a cancel ACK', () => {
    const steps = play(Array(MISSION_MAX_RETRIES + 1).fill(timeout));
    expect(steps.slice(1, -1).map(sent)).toEqual(Array(MISSION_MAX_RETRIES).fill(['MISSION_COUNT=3']));
    expect(errorCode(last(steps))).toBe('MISSION_UPLOAD_TIMEOUT');
    expect(sent(last(steps))).toEqual([`MISSION_ACK:${R.OPERATION_CANCELLED}`]);
  });

  it('final ACK lost: the last item is sent again and the repeated ACCEPTED completes the upload', () => {
    const steps = play([...happy, timeout, missionAck(R.ACCEPTED, 'mission', 7)]);
    expect(sent(steps[4]!)).toEqual(['MISSION_ITEM_INT#2']);
    expect(outcome(last(steps))).toEqual({ ok: true, value: { opaqueId: 7, count: 3 } });
  });

  it('cancel sends MISSION_ACK(OPERATION_CANCELLED) and fails with MISSION_CANCELLED', () => {
    const steps = play([missionRequestInt(0), cancel]);
    expect(sent(last(steps))).toEqual([`MISSION_ACK:${R.OPERATION_CANCELLED}`]);
    expect(errorCode(last(steps))).toBe('MISSION_CANCELLED');
  });

  it('wrong sequence: a request for seq ≥ count is rejected with INVALID_SEQUENCE', () => {
    const steps = play([missionRequestInt(0), missionRequestInt(3)]);
    expect(sent(last(steps))).toEqual([`MISSION_ACK:${R.INVALID_SEQUENCE}`]);
    expect(errorCode(last(steps))).toBe('MISSION_PROTOCOL_ERROR');
  });

  it('wrong sequence: a request skipping ahead is not answered (PX4 never skips; it re-requests)', () => {
    const steps = play([missionRequestInt(1), missionRequestInt(0)]);
    expect(steps[1]!.send).toEqual([]);
    expect(sent(steps[2]!)).toEqual(['MISSION_ITEM_INT#0']);
  });

  it('MAV_MISSION_ERROR before any request is PX4 "busy": wait, resend COUNT, and end as MISSION_BUSY if it persists', () => {
    const busy = play([missionAck(R.ERROR), timeout, missionRequestInt(0)]);
    expect(busy[1]!.send).toEqual([]);
    expect(busy[1]!.timer).toBe('keep');
    expect(sent(busy[2]!)).toEqual(['MISSION_COUNT=3']);
    expect(sent(busy[3]!)).toEqual(['MISSION_ITEM_INT#0']);
    // Refusals are answers, not silence: they do not spend the silent retries…
    const events: TransactionEvent[] = [];
    for (let i = 0; i < MISSION_BUSY_MAX_RETRIES; i++) events.push(missionAck(R.ERROR), timeout);
    const stillTrying = play(events);
    expect(sent(last(stillTrying))).toEqual(['MISSION_COUNT=3']);
    expect(stillTrying.some((s) => s.state.kind === 'done')).toBe(false);
    // …but they are bounded on their own.
    expect(errorCode(last(play([...events, missionAck(R.ERROR)])))).toBe('MISSION_BUSY');
  });

  const nacks = Object.entries(MISSION_RESULT_CODES).filter(([, code]) => code !== null);
  it.each(nacks)('NACK table: result %s after the first request → %s', (result, code) => {
    const steps = play([missionRequestInt(0), missionAck(Number(result))]);
    const o = outcome(last(steps));
    expect(o?.ok).toBe(false);
    if (o && !o.ok) {
      expect(o.error.code).toBe(code);
      expect(o.error.details).toMatchObject({ result: Number(result), missionType: 'mission' });
    }
  });

  it('a result outside the enum (newer dialect) is still an error, not success', () => {
    expect(errorCode(last(play([missionRequestInt(0), missionAck(200)])))).toBe('MISSION_NACK_ERROR');
  });

  it('ignores everything after it is done', () => {
    const steps = play([...happy, missionAck(R.ACCEPTED), missionRequestInt(0), timeout, cancel]);
    for (const s of steps.slice(-3)) expect(s.send).toEqual([]);
  });
});
