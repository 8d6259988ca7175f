/**
 * PX4 1.16's rules for mission items (mavlink_mission.cpp): which frames and commands it accepts
 * (parse_mavlink_mission_item) and how it returns what it stored (format_mavlink_mission_item).
 * Used by the simulated vehicle's MissionServer.
 */
import { common } from '../../firmware-bridge/codec/dialect.js';
import type { Target } from '../../firmware-bridge/link/channel.js';
import type { MissionItem, MissionType } from '../../firmware-bridge/mission/types.js';

const R = common.MavMissionResult;

// PX4 parse_mavlink_mission_item: which commands it accepts for positional and MISSION frames.
const POSITIONAL = new Set([16, 17, 19, 21, 22, 31, 80, 201, 195, 84, 85, 4501, 5000, 5001, 5002, 5003, 5004, 5100]);
const NON_POSITIONAL = new Set([177, 80, 201, 42600, 211, 178, 179, 189, 2003, 203, 204, 205, 1000, 532, 1001, 2000, 2001, 2500, 2501, 200, 206, 260, 214, 530, 3000, 93, 20, 196, 197, 112, 114, 187]);
const FENCE_OR_RALLY = new Set([5001, 5002, 5003, 5004, 5100]);
const ABSOLUTE = new Set([0, 5]);
const RELATIVE = new Set([3, 6]);

/** Item as received; legacy MISSION_ITEM positions arrive in degrees and are kept as degE7. */
export function fromWire(d: common.MissionItemInt | common.MissionItem, int: boolean, type: MissionType): MissionItem {
  const frame = Number(d.frame);
  const positional = frame !== 2;
  const xy = (v: number): number => (int || !positional ? Math.round(v) : Math.round(v * 1e7));
  return {
    seq: d.seq,
    frame,
    command: Number(d.command),
    current: d.current,
    autocontinue: d.autocontinue,
    param1: d.param1,
    param2: d.param2,
    param3: d.param3,
    param4: d.param4,
    x: xy(d.x),
    y: xy(d.y),
    z: d.z,
    missionType: type,
  };
}

/** MAV_MISSION_RESULT for one item (PX4 parse_mavlink_mission_item). */
export function parseVerdict(it: MissionItem, int: boolean): common.MavMissionResult {
  const positional = it.frame === 0 || it.frame === 3 || (int && (it.frame === 5 || it.frame === 6));
  if (positional) {
    if (!POSITIONAL.has(it.command)) return R.UNSUPPORTED;
    if ((it.command === 80 || it.command === 201) && ![0, 3].includes(Math.trunc(it.param1))) return R.INVALID_PARAM1;
    return R.ACCEPTED;
  }
  if (it.frame === 2) {
    if (!NON_POSITIONAL.has(it.command)) return R.UNSUPPORTED;
    if ((it.command === 80 || it.command === 201) && ![0, 1, 2].includes(Math.trunc(it.param1))) return R.INVALID_PARAM1;
    return R.ACCEPTED;
  }
  return R.UNSUPPORTED_FRAME;
}

/** PX4's type checks after parsing: no fence/rally commands in a mission, ≥ 3 polygon vertices. */
export function rejectedFor(type: MissionType, it: MissionItem): boolean {
  if (type === 'mission') return FENCE_OR_RALLY.has(it.command);
  if (type === 'fence' && (it.command === 5001 || it.command === 5002)) return Math.floor(it.param1 + 0.5) < 3;
  return false;
}

/** What PX4 stores and returns (format_mavlink_mission_item, int mode). */
export function normalise(it: MissionItem): MissionItem {
  const out = { ...it, current: 0 };
  if (ABSOLUTE.has(it.frame)) out.frame = 5;
  else if (RELATIVE.has(it.frame)) out.frame = 6;
  if (it.missionType === 'fence') {
    // Stored as a fence point: no autocontinue, no altitude reference, only the count or radius.
    const polygon = it.command === 5001 || it.command === 5002;
    out.frame = it.frame === 2 ? 2 : 5;
    out.autocontinue = 0;
    out.param1 = polygon ? Math.floor(it.param1 + 0.5) : it.command === 5000 ? 0 : it.param1;
    out.param2 = out.param3 = out.param4 = 0;
  } else if (it.command === 5100) {
    out.param1 = out.param2 = out.param3 = out.param4 = 0;
  }
  return out;
}

export function toInt(it: MissionItem, to: Target): common.MissionItemInt {
  const m = new common.MissionItemInt();
  Object.assign(m, { targetSystem: to.system, targetComponent: to.component, seq: it.seq, frame: it.frame, command: it.command, current: it.current, autocontinue: it.autocontinue });
  Object.assign(m, { param1: it.param1, param2: it.param2, param3: it.param3, param4: it.param4, x: it.x, y: it.y, z: it.z, missionType: typeCodeOf(it.missionType) });
  return m;
}

/** Legacy MISSION_ITEM: degrees, and the non-INT frame (6 → 3, 5 → 0), as in the trace. */
export function toFloat(it: MissionItem, to: Target): common.MissionItem {
  const m = new common.MissionItem();
  const positional = it.frame !== 2;
  const frame = it.frame === 6 ? 3 : it.frame === 5 ? 0 : it.frame;
  Object.assign(m, { targetSystem: to.system, targetComponent: to.component, seq: it.seq, frame, command: it.command, current: it.current, autocontinue: it.autocontinue });
  Object.assign(m, { param1: it.param1, param2: it.param2, param3: it.param3, param4: it.param4, z: it.z, missionType: typeCodeOf(it.missionType) });
  m.x = positional ? it.x / 1e7 : it.x;
  m.y = positional ? it.y / 1e7 : it.y;
  return m;
}

const typeCodeOf = (t: MissionType): number => (t === 'mission' ? 0 : t === 'fence' ? 1 : 2);
