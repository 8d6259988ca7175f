/**
 * Driver and client on a FakeClock: timeouts by advancing the clock, never by waiting. The
 * channel here is a scripted one (messages in, sends recorded); the real links are exercised by
 * the UDP, lossy and serial tests.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../firmware-bridge/clock.js';
import { common, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import type { Frame } from '../../../firmware-bridge/codec/frame.js';
import type { MessageChannel } from '../../../firmware-bridge/link/channel.js';
import type { InboundMessage } from '../../../firmware-bridge/link/link.js';
import { MissionClient } from '../../../firmware-bridge/mission/client.js';
import { MISSION_ACK_TIMEOUT_MS, MISSION_MAX_RETRIES } from '../../../firmware-bridge/mission/timing.js';
import type { TransactionEvent } from '../../../firmware-bridge/transaction/types.js';
import { describe as name, DELIVERY_MISSION, GCS, missionAck, missionCount, missionItemInt, missionRequestInt, VEHICLE } from '../helpers/messages.js';

const R = common.MavMissionResult;

/** A channel whose vehicle side is this test: `deliver` plays the vehicle, `sent` records us. */
function scriptedChannel(options: { failSends?: boolean } = {}) {
  const handlers = new Set<(m: InboundMessage) => void>();
  const sent: string[] = [];
  const channel: MessageChannel = {
    target: VEHICLE,
    own: GCS,
    send: async (msg: MavLinkData) => {
      if (options.failSends) throw new Error('socket closed');
      sent.push(name(msg));
    },
    subscribe: (h) => {
      handlers.add(h);
      return () => void handlers.delete(h);
    },
  };
  const deliver = async (event: TransactionEvent): Promise<void> => {
    if (event.kind !== 'message') throw new Error('only messages can be delivered');
    const frame = { sysid: event.msg.sysid, compid: event.msg.compid } as Frame;
    for (const h of [...handlers]) h({ frame, name: 'X', data: event.msg.data, receivedAtMs: 0 });
    await flush();
  };
  return { channel, sent, deliver, subscribers: () => handlers.size };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('driver + client on a FakeClock', () => {
  it('5 retries then MISSION_UPLOAD_TIMEOUT, by advancing the clock (production constants)', async () => {
    const clock = new FakeClock();
    const v = scriptedChannel();
    const client = new MissionClient(v.channel, { clock });
    const result = client.upload('mission', DELIVERY_MISSION).catch((e: unknown) => e);
    await flush();
    for (let i = 0; i < MISSION_MAX_RETRIES; i++) {
      clock.advance(MISSION_ACK_TIMEOUT_MS);
      await flush();
    }
    clock.advance(MISSION_ACK_TIMEOUT_MS - 1);
    await flush();
    expect(v.sent).toEqual(Array(MISSION_MAX_RETRIES + 1).fill('MISSION_COUNT=7')); // not yet failed
    clock.advance(1);
    await expect(result).resolves.toMatchObject({ code: 'MISSION_UPLOAD_TIMEOUT' });
    expect(v.sent.at(-1)).toBe(`MISSION_ACK:${R.OPERATION_CANCELLED}`);
    expect(v.subscribers()).toBe(0); // released in finally
    expect(clock.pendingTimers).toBe(0);
  });

  it('a full upload with progress events; subscription released; late messages harmless', async () => {
    const clock = new FakeClock();
    const v = scriptedChannel();
    const progress: string[] = [];
    const client = new MissionClient(v.channel, { clock });
    const done = client.upload('mission', DELIVERY_MISSION.slice(0, 2), { onProgress: (p) => progress.push(`${p.phase}:${p.done}/${p.total}`) });
    await flush();
    await v.deliver(missionRequestInt(0));
    await v.deliver(missionRequestInt(1));
    await v.deliver(missionAck(R.ACCEPTED, 'mission', 55));
    await expect(done).resolves.toEqual({ opaqueId: 55, count: 2 });
    expect(v.sent).toEqual(['MISSION_COUNT=2', 'MISSION_ITEM_INT#0', 'MISSION_ITEM_INT#1']);
    expect(progress).toEqual(['upload:0/2', 'upload:0/2', 'upload:1/2', 'upload:2/2']);
    expect(v.subscribers()).toBe(0);
  });

  it('AbortSignal cancels: MISSION_ACK(OPERATION_CANCELLED) goes out, the call rejects MISSION_CANCELLED', async () => {
    const clock = new FakeClock();
    const v = scriptedChannel();
    const ac = new AbortController();
    const done = new MissionClient(v.channel, { clock }).download('fence', { signal: ac.signal }).catch((e: unknown) => e);
    await flush();
    await v.deliver(missionCount(5, 'fence'));
    ac.abort();
    await expect(done).resolves.toMatchObject({ code: 'MISSION_CANCELLED' });
    expect(v.sent).toEqual(['MISSION_REQUEST_LIST', 'MISSION_REQUEST_INT#0', `MISSION_ACK:${R.OPERATION_CANCELLED}`]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('queues transactions per vehicle: the second starts only when the first has settled', async () => {
    const clock = new FakeClock();
    const v = scriptedChannel();
    const client = new MissionClient(v.channel, { clock });
    const first = client.download('mission');
    const second = client.clear('fence');
    await flush();
    expect(v.sent).toEqual(['MISSION_REQUEST_LIST']);
    await v.deliver(missionCount(1));
    await v.deliver(missionItemInt(DELIVERY_MISSION[0]!));
    await expect(first).resolves.toMatchObject({ items: [DELIVERY_MISSION[0]] });
    await flush();
    expect(v.sent.at(-1)).toBe('MISSION_CLEAR_ALL');
    await v.deliver(missionAck(R.ACCEPTED, 'fence'));
    await expect(second).resolves.toBeUndefined();
  });

  it('a transaction cancelled while queued never sends; the queue carries on', async () => {
    const clock = new FakeClock();
    const v = scriptedChannel();
    const client = new MissionClient(v.channel, { clock });
    const ac = new AbortController();
    const first = client.clear('mission');
    const second = client.upload('mission', DELIVERY_MISSION, { signal: ac.signal }).catch((e: unknown) => e);
    const third = client.clear('rally');
    ac.abort();
    await expect(second).resolves.toMatchObject({ code: 'MISSION_CANCELLED' });
    await v.deliver(missionAck(R.ACCEPTED, 'mission'));
    await first;
    await flush();
    await v.deliver(missionAck(R.ACCEPTED, 'rally'));
    await third;
    expect(v.sent).toEqual(['MISSION_CLEAR_ALL', 'MISSION_CLEAR_ALL']);
  });

  it('invalid items are refused before anything is sent', async () => {
    const v = scriptedChannel();
    const client = new MissionClient(v.channel, { clock: new FakeClock() });
    await expect(client.upload('mission', [{ ...DELIVERY_MISSION[0]!, x: 53.55 }])).rejects.toMatchObject({ code: 'MISSION_INVALID_ITEMS' });
    await expect(client.setCurrent(-1)).rejects.toMatchObject({ code: 'MISSION_INVALID_ITEMS' });
    expect(v.sent).toEqual([]);
  });

  it('a send failure settles once with LINK_CLOSED and releases everything', async () => {
    const clock = new FakeClock();
    const v = scriptedChannel({ failSends: true });
    await expect(new MissionClient(v.channel, { clock }).clear('mission')).rejects.toMatchObject({ code: 'LINK_CLOSED' });
    expect(v.subscribers()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
