/**
 * Replay of the mission conversations recorded with PX4 1.16 SITL (mission-roundtrip, fence-rally,
 * upload-faults): PX4's messages (sysid 1) drive our upload / download / clear / set-current
 * reducers as PX4 drove the recording client. Checked: every item PX4 asked for is answered with
 * that item, exactly as the client sent it; where the client behaved normally our reducer sends
 * exactly what it sent; and the outcome (opaque_id or typed error) is PX4's verdict.
 */
import { describe, expect, it } from 'vitest';
import { common, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import { startClear, stepClear } from '../../../firmware-bridge/mission/clear.js';
import { startDownload, stepDownload } from '../../../firmware-bridge/mission/download.js';
import { startSetCurrent, stepSetCurrent } from '../../../firmware-bridge/mission/set-current.js';
import type { Outcome, Step, TransactionEvent } from '../../../firmware-bridge/transaction/types.js';
import { compareItems, fromMissionItemInt, missionTypeFromCode, type MissionItem, type MissionType } from '../../../firmware-bridge/mission/types.js';
import { startUpload, stepUpload } from '../../../firmware-bridge/mission/upload.js';
import { ctx, DELIVERY_MISSION, FENCE_PLAN, fromVehicle, RALLY_PLAN } from '../helpers/messages.js';
import { conversations, missionTraffic, summary, type Conversation } from './tlog-conversations.js';

interface Expectation {
  /** 'ok' or the error code our reducer must end with. */
  outcome: string;
  /** The recording client did exactly what our reducer does (no deliberate fault). */
  normal: boolean;
  /** For downloads: the plan PX4 returned must compare equal to this one. */
  plan?: MissionItem[];
  why?: string;
}

const rally3 = RALLY_PLAN.map((it) => ({ ...it, frame: 3 }));
const rally0 = RALLY_PLAN.map((it) => ({ ...it, frame: 0, z: 40 }));

/** Every upload/download/clear conversation of the three traces, with PX4's verdict. */
const EXPECTED: Record<string, Expectation | 'skip'> = {
  'mission-roundtrip#0': { outcome: 'ok', normal: true },
  'mission-roundtrip#1': { outcome: 'ok', normal: true, plan: DELIVERY_MISSION },
  'mission-roundtrip#2': 'skip', // the legacy download (MISSION_REQUEST → MISSION_ITEM): we always ask with REQUEST_INT
  'mission-roundtrip#3': 'skip', // set current: replayed below
  'mission-roundtrip#4': 'skip',
  'mission-roundtrip#5': 'skip',
  'mission-roundtrip#6': { outcome: 'ok', normal: true },
  'mission-roundtrip#7': { outcome: 'ok', normal: true, plan: [] },
  'fence-rally#0': { outcome: 'ok', normal: true },
  'fence-rally#1': { outcome: 'ok', normal: true },
  'fence-rally#2': { outcome: 'ok', normal: true, plan: FENCE_PLAN },
  'fence-rally#3': { outcome: 'ok', normal: true, plan: RALLY_PLAN },
  'fence-rally#4': { outcome: 'ok', normal: true, plan: [] },
  'fence-rally#5': { outcome: 'ok', normal: true },
  'fence-rally#6': { outcome: 'ok', normal: true, plan: rally3 },
  'fence-rally#7': { outcome: 'ok', normal: true },
  'fence-rally#8': { outcome: 'ok', normal: true, plan: rally0 },
  'fence-rally#9': { outcome: 'ok', normal: true },
  'fence-rally#10': { outcome: 'ok', normal: true, plan: [] },
  'fence-rally#11': { outcome: 'ok', normal: true, plan: [] },
  'upload-faults#0': { outcome: 'MISSION_UPLOAD_TIMEOUT', normal: false, why: '(a) the client went silent after item 2; we answer every re-request, then time out as PX4 stops' },
  'upload-faults#1': { outcome: 'ok', normal: false, why: '(b) the client sent item 2 for 1; we answer the re-request correctly' },
  'upload-faults#2': { outcome: 'MISSION_NACK_UNSUPPORTED', normal: true, why: '(c) command 31000' },
  'upload-faults#3': { outcome: 'MISSION_NACK_UNSUPPORTED', normal: true, why: '(c) command 12345' },
  'upload-faults#4': { outcome: 'MISSION_NACK_UNSUPPORTED_FRAME', normal: true, why: '(c) frame 1' },
  'upload-faults#5': { outcome: 'MISSION_NACK_UNSUPPORTED_FRAME', normal: true, why: '(c) frame 200' },
  'upload-faults#6': { outcome: 'ok', normal: true, why: '(d) COUNT 0 clears' },
  'upload-faults#7': { outcome: 'MISSION_NACK_NO_SPACE', normal: true, why: '(e) COUNT 65535' },
  'upload-faults#8': { outcome: 'MISSION_NACK_ERROR', normal: false, why: '(f) the client sent a second COUNT; PX4 answers ERROR, which ends our transfer (we never send that COUNT)' },
  'upload-faults#9': 'skip', // (g) unsolicited messages: covered by the server and fault-matrix tests
  'upload-faults#10': 'skip',
  'upload-faults#11': 'skip',
  'upload-faults#12': { outcome: 'MISSION_DOWNLOAD_TIMEOUT', normal: false, why: '(h1) the client went silent; PX4 never got our request for item 1' },
  'upload-faults#13': 'skip', // PX4's "Operation timeout" closing (h1)
  'upload-faults#14': { outcome: 'MISSION_NACK_ERROR', normal: false, why: '(h2) the client asked for item 99; PX4 aborted with ERROR' },
  'upload-faults#15': 'skip', // the request for item 0 after (h2), ignored by PX4
  'upload-faults#16': { outcome: 'ok', normal: false, plan: DELIVERY_MISSION, why: '(i) two REQUEST_LISTs: the second COUNT is ignored' },
};

const FILES = ['mission-roundtrip', 'fence-rally', 'upload-faults'];
const convs = FILES.flatMap((f) => conversations(`${f}.tlog`).map((c, i) => ({ key: `${f}#${i}`, c })));

interface Replayed {
  sent: MavLinkData[];
  outcome: Outcome<unknown>;
  /** Item seqs PX4 requested (while we were still running) and the item seqs we answered. */
  requested: number[];
  answered: number[];
}

/** Feed PX4's side of a conversation into a reducer; then timeouts until it ends. */
function replay<S extends { kind: string }>(first: Step<S>, step: (s: S, e: TransactionEvent) => Step<S>, c: Conversation): Replayed {
  const sent = [...first.send];
  const requested: number[] = [];
  const answered: number[] = [];
  let state = first.state;
  const feed = (e: TransactionEvent): void => {
    const next = step(state, e);
    state = next.state;
    sent.push(...next.send);
    // Answers to PX4's messages; what our own timeouts resend is not an answer.
    if (e.kind === 'message') for (const m of next.send) if (m instanceof common.MissionItemInt) answered.push(m.seq);
  };
  for (const r of c.messages) {
    if (r.from !== 'px4' || state.kind === 'done') continue;
    if (r.data instanceof common.MissionRequestInt || r.data instanceof common.MissionRequest) requested.push(r.data.seq);
    feed(fromVehicle(r.data));
  }
  for (let i = 0; i < 50 && state.kind !== 'done'; i++) feed({ kind: 'timeout' });
  return { sent, outcome: (state as unknown as { outcome: Outcome<unknown> }).outcome, requested, answered };
}

/** The items the recording client uploaded, by seq (gaps filled from the delivery mission). */
function uploadedItems(c: Conversation, count: number, type: MissionType): MissionItem[] {
  const bySeq = new Map<number, MissionItem>();
  for (const r of c.messages) if (r.from === 'gcs' && r.data instanceof common.MissionItemInt) bySeq.set(r.data.seq, fromMissionItemInt(r.data)!);
  return Array.from({ length: count }, (_, seq) => bySeq.get(seq) ?? { ...DELIVERY_MISSION[seq % 7]!, seq, missionType: type });
}

const clientSends = (c: Conversation): string[] => c.messages.filter((r) => r.from === 'gcs').map((r) => summary(r.data));
const code = (o: Outcome<unknown>): string => (o.ok ? 'ok' : o.error.code);

describe('replay of the recorded PX4 mission conversations', () => {
  it('every conversation of the three traces has an expectation', () => {
    expect(convs.map((x) => x.key).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const { key, c } of convs) {
    const exp = EXPECTED[key];
    if (!exp || exp === 'skip') continue;
    it(`${key} ${c.kind}${exp.why ? ` ${exp.why}` : ''} → ${exp.outcome}`, () => {
      const start = c.messages.find((r) => r.from === 'gcs')!.data as common.MissionCount | common.MissionRequestList | common.MissionClearAll;
      const type = missionTypeFromCode(Number(start.missionType))!;
      let result: Replayed;
      if (c.kind === 'upload') {
        const count = (start as common.MissionCount).count;
        const items = uploadedItems(c, count, type as MissionType);
        result = replay(startUpload(type as MissionType, items, ctx()), stepUpload, c);
        // Every request PX4 made while we ran was answered with that item, exactly as recorded.
        expect(result.answered).toEqual(result.requested);
        const recorded = new Map(c.messages.filter((r) => r.from === 'gcs' && r.data instanceof common.MissionItemInt).map((r) => [(r.data as common.MissionItemInt).seq, summary(r.data)]));
        for (const m of result.sent) if (m instanceof common.MissionItemInt && recorded.has(m.seq)) expect(summary(m)).toBe(recorded.get(m.seq));
        const ack = c.messages.find((r) => r.from === 'px4' && r.data instanceof common.MissionAck && Number(r.data.type) === 0);
        if (result.outcome.ok) expect(result.outcome.value).toEqual({ opaqueId: (ack!.data as common.MissionAck).opaqueId, count });
      } else if (c.kind === 'download') {
        result = replay(startDownload(type as MissionType, ctx()), stepDownload, c);
        if (result.outcome.ok) {
          const got = (result.outcome.value as { items: MissionItem[]; opaqueId: number }).items;
          const px4Items = c.messages.filter((r) => r.from === 'px4' && r.data instanceof common.MissionItemInt).map((r) => fromMissionItemInt(r.data as common.MissionItemInt)!);
          expect(got).toEqual(px4Items);
          expect(compareItems(exp.plan!, got)).toEqual([]);
        }
      } else {
        result = replay(startClear(type, ctx()), stepClear, c);
      }
      expect(code(result.outcome)).toBe(exp.outcome);
      const ours = result.sent.map(summary).filter((s) => !s.startsWith(`ACK ${common.MavMissionResult.OPERATION_CANCELLED} `));
      if (exp.normal) expect(ours).toEqual(clientSends(c));
    });
  }

  it('mission-roundtrip set current: PX4 answers DO_SET_MISSION_CURRENT with UNSUPPORTED; the fallback is confirmed by MISSION_CURRENT', () => {
    const traffic = missionTraffic('mission-roundtrip.tlog', true);
    const unsupported = traffic.find((r) => r.data instanceof common.CommandAck)!.data;
    const setAt = traffic.find((r) => r.data instanceof common.MissionSetCurrent)!.t;
    let step = startSetCurrent(2, ctx());
    step = stepSetCurrent(step.state, fromVehicle(unsupported));
    expect(step.send.map(summary)).toEqual(['SET_CURRENT 2']);
    // PX4's MISSION_CURRENT stream after the recorded MISSION_SET_CURRENT(2): seq 2 at the next tick.
    const after = traffic.filter((r) => r.from === 'px4' && r.data instanceof common.MissionCurrent && r.t > setAt);
    for (const r of after) {
      if (step.state.kind === 'done') break;
      step = stepSetCurrent(step.state, fromVehicle(r.data));
    }
    expect(step.state).toMatchObject({ kind: 'done', outcome: { ok: true } });
  });
});
