/**
 * The simulated vehicle's menu of mission-protocol misbehaviours, after QGroundControl's
 * MockLinkMissionItemHandler (the fault matrix in ../shared/domain/gcs-interop.md), plus seeded
 * packet loss. Each fault fires on its first opportunity only (`firstTryOnly`) or on every one.
 */

/** Download faults (the vehicle answering our reads), then upload faults (receiving our writes). */
export const MISSION_FAULTS = [
  'noMissionCountReply',
  'firstMissionCountReplyDropped',
  'noItem0',
  'noItem1',
  'item1FirstRequestDropped',
  'wrongSeqItem0',
  'wrongSeqItem1',
  'errorAckOnItem0Request',
  'errorAckOnItem1Request',
  'noRequest0',
  'firstCountIgnored',
  'noRequest1',
  'requestWrongSeq0',
  'requestWrongSeq1',
  'errorAckInsteadOfRequest0',
  'errorAckInsteadOfRequest1',
  'noFinalAck',
  'errorFinalAck',
  'ackBeforeAllRequested',
] as const;

export type MissionFaultName = (typeof MISSION_FAULTS)[number];

/** What each fault does, in the vehicle's terms. */
export const MISSION_FAULT_DESCRIPTIONS: Readonly<Record<MissionFaultName, string>> = {
  noMissionCountReply: 'MISSION_REQUEST_LIST is ignored (no MISSION_COUNT, no state change)',
  firstMissionCountReplyDropped: 'MISSION_COUNT is sent but lost on the way (the vehicle is in its send state)',
  noItem0: 'a request for item 0 is ignored',
  noItem1: 'a request for item 1 is ignored',
  item1FirstRequestDropped: 'item 1 is sent but lost on the way',
  wrongSeqItem0: 'the request for item 0 is answered with item 0 carrying seq 1',
  wrongSeqItem1: 'the request for item 1 is answered with item 1 carrying seq 2',
  errorAckOnItem0Request: 'the request for item 0 is answered with MISSION_ACK(ERROR); the vehicle goes idle',
  errorAckOnItem1Request: 'the request for item 1 is answered with MISSION_ACK(ERROR); the vehicle goes idle',
  noRequest0: 'the request for item 0 is not sent (the 250 ms re-request still runs)',
  firstCountIgnored: 'MISSION_COUNT is ignored (no request, no state change)',
  noRequest1: 'the request for item 1 is not sent (the 250 ms re-request still runs)',
  requestWrongSeq0: 'item 1 is requested where item 0 should be',
  requestWrongSeq1: 'item 2 is requested where item 1 should be',
  errorAckInsteadOfRequest0: 'MISSION_ACK(ERROR) instead of the request for item 0; the vehicle goes idle',
  errorAckInsteadOfRequest1: 'MISSION_ACK(ERROR) instead of the request for item 1; the vehicle goes idle',
  noFinalAck: 'the plan is stored but the final MISSION_ACK(ACCEPTED) is not sent (nor its repeat)',
  errorFinalAck: 'the final MISSION_ACK is ERROR and the old plan is kept',
  ackBeforeAllRequested: 'MISSION_ACK(ACCEPTED) right after item 0 of a longer plan; nothing is stored',
};

export interface MissionFaults {
  mode: MissionFaultName | 'none';
  /** true: misbehave on the first opportunity only (the retry works); false: every time. */
  firstTryOnly: boolean;
  /** Drop this percentage of mission-protocol messages in each direction (0–100). */
  lossPct?: number;
  /** Seed for the loss PRNG, so a lossy run can be repeated. */
  seed?: number;
}

export const NO_FAULTS: Readonly<MissionFaults> = Object.freeze({ mode: 'none', firstTryOnly: false });

/** mulberry32: tiny, fast, good enough to decide which packets to drop. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The live fault menu: which fault is armed, whether it has fired, and the loss dice. */
export class FaultSwitch {
  private fired = 0;
  private readonly random: () => number;

  constructor(readonly faults: Readonly<MissionFaults> = NO_FAULTS) {
    this.random = mulberry32(faults.seed ?? 1);
  }

  /** True when `name` is armed and should fire now; a first-try-only fault fires once. */
  fires(name: MissionFaultName): boolean {
    if (this.faults.mode !== name) return false;
    if (this.faults.firstTryOnly && this.fired > 0) return false;
    this.fired++;
    return true;
  }

  /** How often the armed fault has fired. */
  get firedCount(): number {
    return this.fired;
  }

  /** Roll the loss dice for one message. */
  lose(): boolean {
    const pct = this.faults.lossPct ?? 0;
    return pct > 0 && this.random() * 100 < pct;
  }
}
