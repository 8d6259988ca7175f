/**
 * The fault matrix (../shared/domain/gcs-interop.md, after QGC's MockLinkMissionItemHandler): 19
 * vehicle misbehaviours × {first try only, every try} against the simulated PX4 mission server
 * over real UDP, plus three unsolicited messages while idle. Every case ends in recovery with an
 * identical read-back or in the right typed error, and afterwards a clean transfer must work:
 * no fault may leave the vehicle or the client wedged. The matrix runs with production timing on
 * a clock that moves only while no datagram is in flight (IdleClock), so a timeout means the fault,
 * never a slow machine; the unsolicited-message cases keep timing scaled ×0.1 on both sides.
 */
import { describe, expect, it } from 'vitest';
import { common } from '../../../firmware-bridge/codec/dialect.js';
import * as m from '../../../firmware-bridge/mission/messages.js';
import { compareItems, toMissionItemInt, type MissionItem } from '../../../firmware-bridge/mission/types.js';
import { MISSION_FAULTS, type MissionFaultName } from '../../../sim/protocol/mission-server.js';
import { DELIVERY_MISSION, GCS_TARGET } from '../helpers/messages.js';
import { missionPair, type UdpPair } from './udp-pair.js';

type Expect = 'ok' | string;
interface Case {
  op: 'download' | 'upload';
  firstTry: Expect;
  everyTry: Expect;
}

/** Expected outcome per fault. Error codes are the client's typed errors. */
const MATRIX: Record<MissionFaultName, Case> = {
  noMissionCountReply: { op: 'download', firstTry: 'ok', everyTry: 'MISSION_DOWNLOAD_TIMEOUT' },
  firstMissionCountReplyDropped: { op: 'download', firstTry: 'ok', everyTry: 'MISSION_DOWNLOAD_TIMEOUT' },
  noItem0: { op: 'download', firstTry: 'ok', everyTry: 'MISSION_DOWNLOAD_TIMEOUT' },
  noItem1: { op: 'download', firstTry: 'ok', everyTry: 'MISSION_DOWNLOAD_TIMEOUT' },
  item1FirstRequestDropped: { op: 'download', firstTry: 'ok', everyTry: 'MISSION_DOWNLOAD_TIMEOUT' },
  wrongSeqItem0: { op: 'download', firstTry: 'ok', everyTry: 'MISSION_PROTOCOL_ERROR' },
  wrongSeqItem1: { op: 'download', firstTry: 'ok', everyTry: 'MISSION_PROTOCOL_ERROR' },
  errorAckOnItem0Request: { op: 'download', firstTry: 'MISSION_NACK_ERROR', everyTry: 'MISSION_NACK_ERROR' },
  errorAckOnItem1Request: { op: 'download', firstTry: 'MISSION_NACK_ERROR', everyTry: 'MISSION_NACK_ERROR' },
  noRequest0: { op: 'upload', firstTry: 'ok', everyTry: 'MISSION_UPLOAD_TIMEOUT' },
  firstCountIgnored: { op: 'upload', firstTry: 'ok', everyTry: 'MISSION_UPLOAD_TIMEOUT' },
  noRequest1: { op: 'upload', firstTry: 'ok', everyTry: 'MISSION_UPLOAD_TIMEOUT' },
  requestWrongSeq0: { op: 'upload', firstTry: 'ok', everyTry: 'MISSION_UPLOAD_TIMEOUT' },
  requestWrongSeq1: { op: 'upload', firstTry: 'ok', everyTry: 'MISSION_UPLOAD_TIMEOUT' },
  // ERROR before the first request is PX4's "busy": the client waits and sends COUNT again.
  errorAckInsteadOfRequest0: { op: 'upload', firstTry: 'ok', everyTry: 'MISSION_BUSY' },
  errorAckInsteadOfRequest1: { op: 'upload', firstTry: 'MISSION_NACK_ERROR', everyTry: 'MISSION_NACK_ERROR' },
  // The lost final ACK: the client re-sends the last item and PX4 ACKs again.
  noFinalAck: { op: 'upload', firstTry: 'ok', everyTry: 'MISSION_UPLOAD_TIMEOUT' },
  errorFinalAck: { op: 'upload', firstTry: 'MISSION_NACK_ERROR', everyTry: 'MISSION_NACK_ERROR' },
  ackBeforeAllRequested: { op: 'upload', firstTry: 'MISSION_PROTOCOL_ERROR', everyTry: 'MISSION_PROTOCOL_ERROR' },
};

/** Four items, so "item 2 instead of item 1" is still inside the plan. */
const PLAN: MissionItem[] = DELIVERY_MISSION.slice(0, 4);
const STORED: MissionItem[] = DELIVERY_MISSION.slice(2, 6).map((it, seq) => ({ ...it, seq }));

/** Each concurrent case owns its sockets and closes them itself (afterEach would close its neighbours'). */
async function withPair(body: (pair: UdpPair) => Promise<void>, virtualTime = false): Promise<void> {
  const pair = await missionPair(virtualTime ? { virtualTime } : { scale: 0.1 });
  try {
    await body(pair);
  } finally {
    await pair.close();
  }
}

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

/** Run the faulted operation and check that its result is right, not only its outcome. */
async function attempt(pair: UdpPair, op: Case['op']): Promise<string> {
  const run = <T>(work: Promise<T>): Promise<T> => (pair.clock ? pair.clock.run(work) : work);
  if (op === 'download') {
    const result = run(pair.client.download('mission'));
    const got = await outcome(result);
    if (got === 'ok') expect(compareItems(STORED, (await result).items)).toEqual([]);
    return got;
  }
  const result = run(pair.client.upload('mission', PLAN));
  const got = await outcome(result);
  if (got === 'ok') expect(compareItems(PLAN, pair.server.plan('mission').items)).toEqual([]);
  return got;
}

describe('fault matrix over UDP', () => {
  it('covers all 19 faults', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...MISSION_FAULTS].sort());
  });

  for (const fault of MISSION_FAULTS) {
    for (const firstTryOnly of [true, false]) {
      const c = MATRIX[fault];
      const expected = firstTryOnly ? c.firstTry : c.everyTry;
      it.concurrent(`${fault} (${firstTryOnly ? 'first try only' : 'every try'}) → ${expected}`, () =>
        withPair(async (pair) => {
        pair.server.setPlan('mission', STORED);
        pair.server.setFaults({ mode: fault, firstTryOnly });
        expect(await attempt(pair, c.op)).toBe(expected);
        // A first-try fault has fired; the same operation must now work. Every-try faults are
        // switched off first. Either way the vehicle must accept a verified round trip.
        if (!firstTryOnly) pair.server.setFaults({ mode: 'none', firstTryOnly: false });
        if (expected !== 'ok') expect(await attempt(pair, c.op)).toBe('ok');
        const verified = await pair.clock!.run(pair.client.uploadVerified('mission', DELIVERY_MISSION));
        expect(verified.opaqueId).toBe(3971944974);
        }, true),
      );
    }
  }
});

describe('unsolicited mission messages from the vehicle while idle', () => {
  const unsolicited: [string, () => common.MissionAck | common.MissionItemInt | common.MissionRequest][] = [
    ['MISSION_ACK', () => m.missionAck(GCS_TARGET, common.MavMissionResult.ERROR, 0, 123)],
    ['MISSION_ITEM_INT', () => toMissionItemInt({ ...DELIVERY_MISSION[0]!, x: 1 }, GCS_TARGET)],
    ['MISSION_REQUEST', () => m.missionRequest(GCS_TARGET, 0, 0)],
  ];
  it.concurrent.each(unsolicited)('%s disturbs neither the client nor a later transfer', (_name, make) =>
    withPair(async (pair) => {
    pair.server.setPlan('mission', STORED);
    await pair.client.download('mission'); // the vehicle now knows where we are
    for (let i = 0; i < 3; i++) await pair.vehicleLink.send(make(), 255);
    await new Promise((r) => setTimeout(r, 30));
    const verified = await pair.client.uploadVerified('mission', PLAN);
    expect(compareItems(PLAN, verified.readBack)).toEqual([]);
    expect((await pair.client.download('mission')).items).toHaveLength(PLAN.length);
    }),
  );
});
