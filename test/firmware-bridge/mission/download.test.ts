/** Download reducer: table tests, no sockets. */
import { describe, expect, it } from 'vitest';
import { common } from '../../../firmware-bridge/codec/dialect.js';
import { MISSION_ACK_TIMEOUT_MS, MISSION_ITEM_MAX_RETRIES, MISSION_ITEM_TIMEOUT_MS, MISSION_MAX_RETRIES, startDownload, stepDownload, type DownloadState } from '../../../firmware-bridge/mission/download.js';
import type { Step, TransactionEvent } from '../../../firmware-bridge/transaction/types.js';
import { MISSION_RESULT_CODES } from '../../../firmware-bridge/mission/types.js';
import { cancel, ctx, DELIVERY_MISSION, FENCE_PLAN, heartbeatLike, missionAck, missionCount, missionItemInt, run, sent, timeout } from '../helpers/messages.js';

const R = common.MavMissionResult;
const items = DELIVERY_MISSION.slice(0, 3);
const play = (events: TransactionEvent[], type: 'mission' | 'fence' = 'mission'): Step<DownloadState>[] => run(startDownload(type, ctx()), stepDownload, events);
const last = <T>(xs: T[]): T => xs[xs.length - 1]!;
const outcome = (s: Step<DownloadState>) => (s.state.kind === 'done' ? s.state.outcome : undefined);
const errorCode = (s: Step<DownloadState>): string | undefined => {
  const o = outcome(s);
  return o && !o.ok ? o.error.code : undefined;
};
const happy = [missionCount(3, 'mission', 42), missionItemInt(items[0]!), missionItemInt(items[1]!), missionItemInt(items[2]!)];

describe('download reducer', () => {
  it('REQUEST_LIST, COUNT, one REQUEST_INT per item, then ACK(ACCEPTED); returns items and opaque_id', () => {
    const steps = play(happy);
    expect(steps.map(sent)).toEqual([['MISSION_REQUEST_LIST'], ['MISSION_REQUEST_INT#0'], ['MISSION_REQUEST_INT#1'], ['MISSION_REQUEST_INT#2'], [`MISSION_ACK:${R.ACCEPTED}`]]);
    expect(outcome(last(steps))).toEqual({ ok: true, value: { items, opaqueId: 42 } });
    expect(steps.map((s) => s.timer)).toEqual([MISSION_ACK_TIMEOUT_MS, MISSION_ITEM_TIMEOUT_MS, MISSION_ITEM_TIMEOUT_MS, MISSION_ITEM_TIMEOUT_MS, null]);
  });

  it('empty list: COUNT 0 is acknowledged at once', () => {
    const steps = play([missionCount(0)]);
    expect(sent(last(steps))).toEqual([`MISSION_ACK:${R.ACCEPTED}`]);
    expect(outcome(last(steps))).toEqual({ ok: true, value: { items: [], opaqueId: 0 } });
  });

  it('reports progress per received item', () => {
    expect(play(happy).map((s) => s.progress)).toEqual([undefined, { done: 0, total: 3 }, { done: 1, total: 3 }, { done: 2, total: 3 }, { done: 3, total: 3 }]);
  });

  it('duplicate items (answers to a re-request) are ignored without refreshing the timeout', () => {
    const steps = play([missionCount(3), missionItemInt(items[0]!), missionItemInt(items[0]!)]);
    expect(last(steps).send).toEqual([]);
    expect(last(steps).timer).toBe('keep');
  });

  it('wrong sequence: an item with another seq is never stored; item 0 is requested again', () => {
    const steps = play([missionCount(3), missionItemInt(items[0]!, 1), missionItemInt(items[0]!), missionItemInt(items[1]!), missionItemInt(items[2]!)]);
    expect(sent(steps[2]!)).toEqual(['MISSION_REQUEST_INT#0']);
    expect(outcome(last(steps))).toEqual({ ok: true, value: { items, opaqueId: 0 } });
  });

  it('wrong sequence every time ends as MISSION_PROTOCOL_ERROR after the retries', () => {
    const wrong = Array(MISSION_ITEM_MAX_RETRIES + 1).fill(missionItemInt(items[0]!, 2));
    expect(errorCode(last(play([missionCount(3), ...wrong])))).toBe('MISSION_PROTOCOL_ERROR');
  });

  it('out-of-range items (seq ≥ count) are not stored', () => {
    const steps = play([missionCount(1), missionItemInt({ ...items[0]!, seq: 5 })]);
    expect(sent(last(steps))).toEqual(['MISSION_REQUEST_INT#0']);
    expect(last(steps).state.kind).toBe('awaitingItem');
  });

  it('random messages and other plan types neither advance nor refresh the timeout', () => {
    const steps = play([missionCount(3), heartbeatLike(), missionItemInt(FENCE_PLAN[0]!), missionCount(5, 'fence'), missionAck(R.ERROR, 'rally')]);
    for (const s of steps.slice(2)) {
      expect(s.send).toEqual([]);
      expect(s.timer).toBe('keep');
    }
  });

  it('a late duplicate COUNT (answer to a resent REQUEST_LIST) is ignored', () => {
    const steps = play([missionCount(3), missionItemInt(items[0]!), missionCount(3)]);
    expect(last(steps).send).toEqual([]);
  });

  it('timeouts re-request: REQUEST_LIST while waiting for COUNT, the missing item afterwards', () => {
    const steps = play([timeout, missionCount(3), missionItemInt(items[0]!), timeout, timeout]);
    expect(sent(steps[1]!)).toEqual(['MISSION_REQUEST_LIST']);
    expect(steps.slice(4).map(sent)).toEqual([['MISSION_REQUEST_INT#1'], ['MISSION_REQUEST_INT#1']]);
  });

  it('10 item retries, 5 count retries, then MISSION_DOWNLOAD_TIMEOUT (item phase sends a cancel ACK)', () => {
    expect(last(play([missionCount(3), ...Array(MISSION_ITEM_MAX_RETRIES).fill(timeout)])).state.kind).toBe('awaitingItem');
    const steps = play([missionCount(3), ...Array(MISSION_ITEM_MAX_RETRIES + 1).fill(timeout)]);
    expect(errorCode(last(steps))).toBe('MISSION_DOWNLOAD_TIMEOUT');
    expect(sent(last(steps))).toEqual([`MISSION_ACK:${R.OPERATION_CANCELLED}`]);
    expect(errorCode(last(play(Array(MISSION_MAX_RETRIES + 1).fill(timeout))))).toBe('MISSION_DOWNLOAD_TIMEOUT');
  });

  it('timeout not triggered during a transfer: progress resets the retries', () => {
    const events: TransactionEvent[] = [missionCount(3)];
    for (const it of items) events.push(...Array(MISSION_ITEM_MAX_RETRIES).fill(timeout), missionItemInt(it));
    expect(outcome(last(play(events)))?.ok).toBe(true);
  });

  it('cancel sends MISSION_ACK(OPERATION_CANCELLED) and fails with MISSION_CANCELLED', () => {
    const steps = play([missionCount(3), missionItemInt(items[0]!), cancel]);
    expect(sent(last(steps))).toEqual([`MISSION_ACK:${R.OPERATION_CANCELLED}`]);
    expect(errorCode(last(steps))).toBe('MISSION_CANCELLED');
  });

  const nacks = Object.entries(MISSION_RESULT_CODES).filter(([, code]) => code !== null);
  it.each(nacks)('NACK table: result %s instead of an item → %s', (result, code) => {
    expect(errorCode(last(play([missionCount(3), missionAck(Number(result))])))).toBe(code);
  });

  it('ack too early: an ACCEPTED ACK during a download is not mistaken for completion', () => {
    const steps = play([missionCount(3), missionAck(R.ACCEPTED)]);
    expect(last(steps).state.kind).toBe('awaitingItem');
  });

  it('returns fence items as the vehicle sent them (comparison quirks live in compareItems)', () => {
    const back = FENCE_PLAN.map((it) => ({ ...it, autocontinue: 0 }));
    const steps = play([missionCount(5, 'fence'), ...back.map((it) => missionItemInt(it))], 'fence');
    const o = outcome(last(steps));
    expect(o?.ok && o.value.items).toEqual(back);
  });
});
