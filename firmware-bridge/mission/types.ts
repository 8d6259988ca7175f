/**
 * Mission items as plain data, their MAVLink form, the read-back comparison and the one mapping
 * from MAV_MISSION_RESULT to our error codes. Pure: no I/O, no timers.
 */
import { common } from '../codec/dialect.js';
import { BridgeError, type BridgeErrorCode } from '../errors.js';
import type { Target } from '../link/channel.js';

/** The three plan kinds a vehicle stores (MAV_MISSION_TYPE 0/1/2). */
export type MissionType = 'mission' | 'fence' | 'rally';
/** Clearing may also address every plan at once (MAV_MISSION_TYPE_ALL = 255). */
export type ClearType = MissionType | 'all';

export const MISSION_TYPE_CODE = {
  mission: common.MavMissionType.MISSION,
  fence: common.MavMissionType.FENCE,
  rally: common.MavMissionType.RALLY,
  all: common.MavMissionType.ALL,
} as const satisfies Record<ClearType, common.MavMissionType>;

/** MAV_MISSION_TYPE number → our name; undefined for values we do not transfer. */
export function missionTypeFromCode(code: number): ClearType | undefined {
  switch (code) {
    case 0:
      return 'mission';
    case 1:
      return 'fence';
    case 2:
      return 'rally';
    case 255:
      return 'all';
    default:
      return undefined;
  }
}

/**
 * One mission item exactly as MISSION_ITEM_INT carries it. `x`/`y` are int32: degE7 for
 * positional frames, raw integers for MAV_FRAME_MISSION items. `z` and params are float32 on the wire.
 */
export interface MissionItem {
  seq: number;
  frame: number;
  command: number;
  /** 1 marks the vehicle's current item. Vehicles set it on download; it is not compared. */
  current: number;
  autocontinue: number;
  param1: number;
  param2: number;
  param3: number;
  param4: number;
  x: number;
  y: number;
  z: number;
  missionType: MissionType;
}

/** Build a MISSION_ITEM_INT for `target`. Every field is set: node-mavlink enum defaults serialise as 0. */
export function toMissionItemInt(item: MissionItem, target: Target): common.MissionItemInt {
  const m = new common.MissionItemInt();
  m.targetSystem = target.system;
  m.targetComponent = target.component;
  m.seq = item.seq;
  m.frame = item.frame as common.MavFrame;
  m.command = item.command as common.MavCmd;
  m.current = item.current;
  m.autocontinue = item.autocontinue;
  m.param1 = item.param1;
  m.param2 = item.param2;
  m.param3 = item.param3;
  m.param4 = item.param4;
  m.x = item.x;
  m.y = item.y;
  m.z = item.z;
  m.missionType = MISSION_TYPE_CODE[item.missionType];
  return m;
}

/** Plain item from a decoded MISSION_ITEM_INT; undefined when its mission_type is not 0/1/2. */
export function fromMissionItemInt(m: common.MissionItemInt): MissionItem | undefined {
  const missionType = missionTypeFromCode(Number(m.missionType));
  if (missionType === undefined || missionType === 'all') return undefined;
  return {
    seq: m.seq,
    frame: Number(m.frame),
    command: Number(m.command),
    current: m.current,
    autocontinue: m.autocontinue,
    param1: m.param1,
    param2: m.param2,
    param3: m.param3,
    param4: m.param4,
    x: m.x,
    y: m.y,
    z: m.z,
    missionType,
  };
}

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const isInt = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;

/**
 * Check items before any byte is sent: seq 0..n-1 in order, the right mission_type, integers where
 * the wire wants integers (node-mavlink would silently truncate 53.55*1e7 or throw on -1 in a uint8).
 * @throws BridgeError MISSION_INVALID_ITEMS naming the first bad item and field.
 */
export function validateItems(type: MissionType, items: readonly MissionItem[]): void {
  if (items.length > 0xffff) {
    throw new BridgeError('MISSION_INVALID_ITEMS', `a plan holds at most 65535 items, got ${items.length}; split it`, { count: items.length });
  }
  items.forEach((it, i) => {
    const bad = (field: string, why: string): never => {
      throw new BridgeError('MISSION_INVALID_ITEMS', `item ${i} field ${field} ${why}; fix the plan before uploading`, { index: i, field, value: (it as unknown as Record<string, unknown>)[field] });
    };
    if (it.seq !== i) bad('seq', `is ${it.seq} but must equal its index ${i}`);
    if (it.missionType !== type) bad('missionType', `is ${it.missionType} in a ${type} upload`);
    if (!isInt(it.frame, 0, 255)) bad('frame', 'must be an integer 0..255');
    if (!isInt(it.command, 0, 0xffff)) bad('command', 'must be an integer 0..65535');
    if (!isInt(it.current, 0, 255)) bad('current', 'must be an integer 0..255');
    if (!isInt(it.autocontinue, 0, 255)) bad('autocontinue', 'must be an integer 0..255');
    if (!isInt(it.x, INT32_MIN, INT32_MAX)) bad('x', 'must be an int32 (degE7: Math.round(lat * 1e7))');
    if (!isInt(it.y, INT32_MIN, INT32_MAX)) bad('y', 'must be an int32 (degE7: Math.round(lon * 1e7))');
    for (const f of ['param1', 'param2', 'param3', 'param4', 'z'] as const) {
      if (typeof it[f] !== 'number') bad(f, 'must be a number (NaN for "unused")');
    }
  });
}

/** One field that read back differently from what was uploaded. */
export interface ItemDifference {
  seq: number;
  /** 'count': lengths differ (seq -1); 'opaqueId': the plan identities differ (seq -1). */
  field: keyof MissionItem | 'count' | 'opaqueId';
  expected: number | string;
  actual: number | string;
}

/**
 * Frames that mean the same thing. common.xml (2024-03) supersedes the _INT frames as synonyms, and
 * PX4 answers MISSION_ITEM_INT downloads with the _INT twin of what was sent (rally 3 → 6, 0 → 5).
 */
const FRAME_CANON: Readonly<Record<number, number>> = { 5: 0, 6: 3, 11: 10 };
const canonFrame = (f: number): number => FRAME_CANON[f] ?? f;
/**
 * PX4 stores fence vertices and circles without an altitude reference and reports them as
 * GLOBAL(_INT); the fence is 2-D, so relative vs absolute altitude is not a difference there.
 */
const fenceFrame = (f: number): number => (canonFrame(f) === 3 ? 0 : canonFrame(f));

/** float32 equality: the wire rounds doubles to float32; NaN ("unused") equals NaN. */
export function sameFloat32(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.fround(a) === Math.fround(b);
}

/**
 * Compare an uploaded plan with what the vehicle returned, field by field.
 *
 * Deliberate exceptions (each a documented vehicle behaviour, not a tolerance):
 * - `current` is never compared: the vehicle marks its own current item on download (PX4 sets
 *   `current=1` on the item equal to the mission's current seq, on every plan type).
 * - fence `autocontinue` is not compared: PX4 stores fence points without it and returns 0.
 * - frames compare by meaning (0≡5, 3≡6, 10≡11; for fences also relative≡absolute).
 *
 * @example compareItems(sent, await client.download('mission')) // [] when identical
 */
export function compareItems(expected: readonly MissionItem[], actual: readonly MissionItem[]): ItemDifference[] {
  const diffs: ItemDifference[] = [];
  if (expected.length !== actual.length) diffs.push({ seq: -1, field: 'count', expected: expected.length, actual: actual.length });
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    const push = (field: keyof MissionItem, ev: number | string, av: number | string): void => void diffs.push({ seq: e.seq, field, expected: ev, actual: av });
    const fence = e.missionType === 'fence';
    if (e.seq !== a.seq) push('seq', e.seq, a.seq);
    if (e.missionType !== a.missionType) push('missionType', e.missionType, a.missionType);
    if (e.command !== a.command) push('command', e.command, a.command);
    const frameOf = fence ? fenceFrame : canonFrame;
    if (frameOf(e.frame) !== frameOf(a.frame)) push('frame', e.frame, a.frame);
    if (!fence && e.autocontinue !== a.autocontinue) push('autocontinue', e.autocontinue, a.autocontinue);
    if (e.x !== a.x) push('x', e.x, a.x);
    if (e.y !== a.y) push('y', e.y, a.y);
    for (const f of ['param1', 'param2', 'param3', 'param4', 'z'] as const) {
      if (!sameFloat32(e[f], a[f])) push(f, e[f], a[f]);
    }
  }
  return diffs;
}

/**
 * MAV_MISSION_RESULT → error code, the single mapping point (MAVSDK's convert_result). Written with
 * `satisfies Record<…>` so a new enum value in mavlink-mappings breaks the build until it is mapped.
 */
export const MISSION_RESULT_CODES = {
  [common.MavMissionResult.ACCEPTED]: null,
  [common.MavMissionResult.ERROR]: 'MISSION_NACK_ERROR',
  [common.MavMissionResult.UNSUPPORTED_FRAME]: 'MISSION_NACK_UNSUPPORTED_FRAME',
  [common.MavMissionResult.UNSUPPORTED]: 'MISSION_NACK_UNSUPPORTED',
  [common.MavMissionResult.NO_SPACE]: 'MISSION_NACK_NO_SPACE',
  [common.MavMissionResult.INVALID]: 'MISSION_NACK_INVALID',
  [common.MavMissionResult.INVALID_PARAM1]: 'MISSION_NACK_INVALID_PARAM',
  [common.MavMissionResult.INVALID_PARAM2]: 'MISSION_NACK_INVALID_PARAM',
  [common.MavMissionResult.INVALID_PARAM3]: 'MISSION_NACK_INVALID_PARAM',
  [common.MavMissionResult.INVALID_PARAM4]: 'MISSION_NACK_INVALID_PARAM',
  [common.MavMissionResult.INVALID_PARAM5_X]: 'MISSION_NACK_INVALID_PARAM',
  [common.MavMissionResult.INVALID_PARAM6_Y]: 'MISSION_NACK_INVALID_PARAM',
  [common.MavMissionResult.INVALID_PARAM7]: 'MISSION_NACK_INVALID_PARAM',
  [common.MavMissionResult.INVALID_SEQUENCE]: 'MISSION_NACK_INVALID_SEQUENCE',
  [common.MavMissionResult.DENIED]: 'MISSION_NACK_DENIED',
  [common.MavMissionResult.OPERATION_CANCELLED]: 'MISSION_NACK_OPERATION_CANCELLED',
} as const satisfies Record<common.MavMissionResult, BridgeErrorCode | null>;

const NEXT_STEP: Partial<Record<BridgeErrorCode, string>> = {
  MISSION_NACK_ERROR: 'the vehicle may be busy with another transfer or unable to store the plan; retry, and check its status messages',
  MISSION_NACK_UNSUPPORTED_FRAME: 'use MAV_FRAME_GLOBAL_RELATIVE_ALT(_INT) for positions and MAV_FRAME_MISSION for non-positional commands',
  MISSION_NACK_UNSUPPORTED: 'the autopilot does not support one of the commands; remove or replace it',
  MISSION_NACK_NO_SPACE: 'the vehicle has no room for that many items; shorten the plan (PX4 holds 64 fence and 8 rally points)',
  MISSION_NACK_INVALID: 'one item is invalid for this vehicle; check commands and parameters',
  MISSION_NACK_INVALID_PARAM: 'fix the parameter the vehicle named (details.result says which)',
  MISSION_NACK_INVALID_SEQUENCE: 'the transfer got out of step; retry the transfer',
  MISSION_NACK_DENIED: 'the vehicle refuses plan changes right now (e.g. in flight); retry when it allows it',
  MISSION_NACK_OPERATION_CANCELLED: 'the vehicle cancelled the transfer; retry it',
};

/**
 * The typed error for a MISSION_ACK result, or undefined for ACCEPTED. Values outside the enum
 * (a newer dialect) are reported as MISSION_NACK_ERROR with the raw number in details.
 */
export function missionResultError(result: number, operation: string, missionType: ClearType, details: Record<string, unknown> = {}): BridgeError | undefined {
  const code: BridgeErrorCode | null | undefined = (MISSION_RESULT_CODES as Record<number, BridgeErrorCode | null>)[result];
  if (code === null) return undefined;
  const resolved = code ?? 'MISSION_NACK_ERROR';
  const name = common.MavMissionResult[result] ?? `result ${result}`;
  return new BridgeError(resolved, `${operation} of the ${missionType} plan refused by the vehicle (MAV_MISSION_${name}); ${NEXT_STEP[resolved] ?? 'retry'}`, {
    ...details,
    result,
    missionType,
  });
}
