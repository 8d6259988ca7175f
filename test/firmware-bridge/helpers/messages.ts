/**
 * Message factories for mission-protocol tests: what the vehicle (sysid 1, compid 1) says to us
 * (GCS 255/190), as reducer events, plus the plans recorded in ../shared/px4 traces.
 */
import type { MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import * as m from '../../../firmware-bridge/mission/messages.js';
import { DEFAULT_MISSION_TIMING, type MissionTiming } from '../../../firmware-bridge/mission/timing.js';
import type { MissionContext } from '../../../firmware-bridge/mission/transaction.js';
import type { Step, TransactionEvent } from '../../../firmware-bridge/transaction/types.js';
import { toMissionItemInt, type MissionItem, type MissionType } from '../../../firmware-bridge/mission/types.js';

export const GCS = { sysid: 255, compid: 190 } as const;
export const GCS_TARGET = { system: 255, component: 190 } as const;
export const VEHICLE = { system: 1, component: 1 } as const;

/** The context every reducer test runs in: production timing unless overridden. */
export function ctx(timing: Partial<MissionTiming> = {}): MissionContext {
  return { own: GCS, target: VEHICLE, timing: { ...DEFAULT_MISSION_TIMING, ...timing } };
}

const TYPE: Record<MissionType, number> = { mission: 0, fence: 1, rally: 2 };
const code = (t: MissionType | number): number => (typeof t === 'number' ? t : TYPE[t]);

/** Wrap a message as if the vehicle (or `sender`) sent it. */
export function fromVehicle(data: MavLinkData, sender: { sysid: number; compid: number } = { sysid: 1, compid: 1 }): TransactionEvent {
  return { kind: 'message', msg: { data, sysid: sender.sysid, compid: sender.compid } };
}

export const missionRequestInt = (seq: number, type: MissionType | number = 'mission'): TransactionEvent => fromVehicle(m.missionRequestInt(GCS_TARGET, seq, code(type)));
export const missionRequest = (seq: number, type: MissionType | number = 'mission'): TransactionEvent => fromVehicle(m.missionRequest(GCS_TARGET, seq, code(type)));
export const missionAck = (result: number, type: MissionType | number = 'mission', opaqueId = 0): TransactionEvent => fromVehicle(m.missionAck(GCS_TARGET, result, code(type), opaqueId));
export const missionCount = (count: number, type: MissionType | number = 'mission', opaqueId = 0): TransactionEvent => fromVehicle(m.missionCount(GCS_TARGET, count, code(type), opaqueId));
export const missionCurrent = (seq: number, total: number): TransactionEvent => fromVehicle(m.missionCurrent(seq, total, { mission: 0, fence: 0, rally: 0 }));
export const commandAck = (command: number, result: number): TransactionEvent => fromVehicle(m.commandAck(GCS_TARGET, command, result));
export const heartbeatLike = (): TransactionEvent => fromVehicle(m.statusText(6, 'unrelated'));
export const timeout: TransactionEvent = { kind: 'timeout' };
export const cancel: TransactionEvent = { kind: 'cancel' };

/** MISSION_ITEM_INT from the vehicle carrying `item` (optionally with another seq on the wire). */
export function missionItemInt(item: MissionItem, seqOnWire = item.seq): TransactionEvent {
  return fromVehicle(toMissionItemInt({ ...item, seq: seqOnWire }, GCS_TARGET));
}

const base = { current: 0, autocontinue: 1, param1: 0, param2: 0, param3: 0, param4: 0, x: 0, y: 0, z: 0 };

/** The 7-item delivery mission of mission-roundtrip (PX4 opaque_id 3971944974). */
export const DELIVERY_MISSION: MissionItem[] = [
  { ...base, seq: 0, frame: 6, command: 22, param4: NaN, x: 535508000, y: 99925000, z: 40, missionType: 'mission' },
  { ...base, seq: 1, frame: 2, command: 178, param1: 1, param2: 10, param3: -1, missionType: 'mission' },
  { ...base, seq: 2, frame: 6, command: 16, param4: NaN, x: 535530000, y: 99950000, z: 60, missionType: 'mission' },
  { ...base, seq: 3, frame: 6, command: 16, param4: NaN, x: 535560000, y: 99985000, z: 60, missionType: 'mission' },
  { ...base, seq: 4, frame: 6, command: 16, param4: NaN, x: 535585000, y: 100000000, z: 60, missionType: 'mission' },
  { ...base, seq: 5, frame: 2, command: 211, param1: 1, missionType: 'mission' },
  { ...base, seq: 6, frame: 6, command: 21, param4: NaN, x: 535585000, y: 100000000, z: 0, missionType: 'mission' },
];

/** The fence of fence-rally: a 4-vertex inclusion polygon and a 50 m exclusion circle (opaque_id 3382803692). */
export const FENCE_PLAN: MissionItem[] = [
  [535495000, 99890000],
  [535495000, 100035000],
  [535600000, 100035000],
  [535600000, 99890000],
].map(([x, y], seq) => ({ ...base, seq, frame: 5, command: 5001, param1: 4, x: x!, y: y!, missionType: 'fence' as const }));
FENCE_PLAN.push({ ...base, seq: 4, frame: 5, command: 5004, param1: 50, x: 535545000, y: 99905000, missionType: 'fence' });

/** The rally points of fence-rally, frame 6 (opaque_id 3633577010). */
export const RALLY_PLAN: MissionItem[] = [
  { ...base, seq: 0, frame: 6, command: 5100, x: 535520000, y: 99960000, z: 30, missionType: 'rally' },
  { ...base, seq: 1, frame: 6, command: 5100, x: 535570000, y: 99960000, z: 30, missionType: 'rally' },
];

/**
 * A survey-like mission of `n` items around Hamburg: takeoff, waypoints with varied params
 * (fractional floats to exercise float32 rounding), a speed change and a landing.
 */
export function surveyMission(n: number): MissionItem[] {
  const items: MissionItem[] = [];
  for (let seq = 0; seq < n; seq++) {
    const lat = 53.55 + seq * 0.00037;
    const lon = 9.99 + ((seq * 7) % 13) * 0.00041;
    if (seq === 0) items.push({ ...base, seq, frame: 6, command: 22, param4: NaN, x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: 40, missionType: 'mission' });
    else if (seq === n - 1) items.push({ ...base, seq, frame: 6, command: 21, param4: NaN, x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: 0, missionType: 'mission' });
    else if (seq % 10 === 5) items.push({ ...base, seq, frame: 2, command: 178, param1: 1, param2: 5 + seq / 10, param3: -1, missionType: 'mission' });
    else items.push({ ...base, seq, frame: 6, command: 16, param1: seq % 3, param2: 0.1 * (seq % 7), param4: NaN, x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: 30 + seq * 0.5, missionType: 'mission' });
  }
  return items;
}

/** Feed events to a reducer in order; returns every step (for table tests). */
export function run<S>(first: Step<S>, step: (s: S, e: TransactionEvent) => Step<S>, events: readonly TransactionEvent[]): Step<S>[] {
  const steps = [first];
  let state = first.state;
  for (const e of events) {
    const next = step(state, e);
    steps.push(next);
    state = next.state;
  }
  return steps;
}

/** Short names of what a step sent, e.g. ["MISSION_ITEM_INT#3", "MISSION_ACK:0"]. */
export function sent(step: Step<unknown>): string[] {
  return step.send.map(describe);
}

export function describe(data: MavLinkData): string {
  const d = data as unknown as Record<string, unknown>;
  const name = (data.constructor as { MSG_NAME?: string }).MSG_NAME ?? 'UNKNOWN';
  if ('seq' in d && name !== 'MISSION_CURRENT') return `${name}#${String(d.seq)}`;
  if (name === 'MISSION_ACK') return `${name}:${String(d.type)}`;
  if (name === 'MISSION_COUNT') return `${name}=${String(d.count)}`;
  if (name === 'COMMAND_LONG') return `${name}:${String(d.command)}`;
  return name;
}
