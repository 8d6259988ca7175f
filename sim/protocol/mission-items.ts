/**
 * PX4 1.16's rules for mission items (mavlink_mission.cpp): which frames and commands it accepts
 * (parse_mavlink_mission_item) and how it returns what it stored (format_mavlink_mission_item).
 * Used by the simulated vehicle's MissionServer.
 */
import { common } from '../../firmware-bridge/codec/dialect.js';
import type { Target } from '../../firmware-bridge/link/channel.js';
import type { MissionItem, MissionType } from '../../firmware-bridge/mission/types.js';

const R = common.MavMissionResult;
const C = common.MavCmd;
const FR = common.MavFrame;

// PX4 parse_mavlink_mission_item: which commands it accepts for positional and MISSION frames.
const POSITIONAL = new Set<number>([C.NAV_WAYPOINT, C.NAV_LOITER_UNLIM, C.NAV_LOITER_TIME, C.NAV_LAND, C.NAV_TAKEOFF, C.NAV_LOITER_TO_ALT, C.NAV_ROI, C.DO_SET_ROI, C.DO_SET_ROI_LOCATION, C.NAV_VTOL_TAKEOFF, C.NAV_VTOL_LAND, C.CONDITION_GATE, C.NAV_FENCE_RETURN_POINT, C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, C.NAV_FENCE_POLYGON_VERTEX_EXCLUSION, C.NAV_FENCE_CIRCLE_INCLUSION, C.NAV_FENCE_CIRCLE_EXCLUSION, C.NAV_RALLY_POINT]);
const NON_POSITIONAL = new Set<number>([
  C.DO_JUMP, C.NAV_ROI, C.DO_SET_ROI, C.DO_WINCH, C.DO_GRIPPER, C.DO_CHANGE_SPEED, C.DO_SET_HOME, C.DO_LAND_START, C.DO_TRIGGER_CONTROL, C.DO_DIGICAM_CONTROL, C.DO_MOUNT_CONFIGURE, C.DO_MOUNT_CONTROL, C.DO_GIMBAL_MANAGER_PITCHYAW, C.SET_CAMERA_FOCUS, C.DO_GIMBAL_MANAGER_CONFIGURE, C.IMAGE_START_CAPTURE, C.IMAGE_STOP_CAPTURE, C.VIDEO_START_CAPTURE, C.VIDEO_STOP_CAPTURE, C.DO_CONTROL_VIDEO, C.DO_SET_CAM_TRIGG_DIST, C.OBLIQUE_SURVEY, C.DO_SET_CAM_TRIGG_INTERVAL, C.SET_CAMERA_MODE, C.DO_VTOL_TRANSITION, C.NAV_DELAY, C.NAV_RETURN_TO_LAUNCH, C.DO_SET_ROI_WPNEXT_OFFSET, C.DO_SET_ROI_NONE, C.CONDITION_DELAY, C.CONDITION_DISTANCE, C.DO_SET_ACTUATOR,
]);
const FENCE_OR_RALLY = new Set<number>([C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, C.NAV_FENCE_POLYGON_VERTEX_EXCLUSION, C.NAV_FENCE_CIRCLE_INCLUSION, C.NAV_FENCE_CIRCLE_EXCLUSION, C.NAV_RALLY_POINT]);
const ROI = new Set<number>([C.NAV_ROI, C.DO_SET_ROI]);
const POLYGON_VERTEX = new Set<number>([C.NAV_FENCE_POLYGON_VERTEX_INCLUSION, C.NAV_FENCE_POLYGON_VERTEX_EXCLUSION]);
const ABSOLUTE = new Set<number>([FR.GLOBAL, FR.GLOBAL_INT]);
const RELATIVE = new Set<number>([FR.GLOBAL_RELATIVE_ALT, FR.GLOBAL_RELATIVE_ALT_INT]);

/** Item as received; legacy MISSION_ITEM positions arrive in degrees and are kept as degE7. */
export function fromWire(d: common.MissionItemInt | common.MissionItem, int: boolean, type: MissionType): MissionItem {
  const frame = Number(d.frame);
  const positional = frame !== FR.MISSION;
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
  const positional = it.frame === FR.GLOBAL || it.frame === FR.GLOBAL_RELATIVE_ALT || (int && (it.frame === FR.GLOBAL_INT || it.frame === FR.GLOBAL_RELATIVE_ALT_INT));
  if (positional) {
    if (!POSITIONAL.has(it.command)) return R.UNSUPPORTED;
    if (ROI.has(it.command) && ![0, 3].includes(Math.trunc(it.param1))) return R.INVALID_PARAM1;
    return R.ACCEPTED;
  }
  if (it.frame === FR.MISSION) {
    if (!NON_POSITIONAL.has(it.command)) return R.UNSUPPORTED;
    if (ROI.has(it.command) && ![0, 1, 2].includes(Math.trunc(it.param1))) return R.INVALID_PARAM1;
    return R.ACCEPTED;
  }
  return R.UNSUPPORTED_FRAME;
}

/** PX4's type checks after parsing: no fence/rally commands in a mission, ≥ 3 polygon vertices. */
export function rejectedFor(type: MissionType, it: MissionItem): boolean {
  if (type === 'mission') return FENCE_OR_RALLY.has(it.command);
  if (type === 'fence' && POLYGON_VERTEX.has(it.command)) return Math.floor(it.param1 + 0.5) < 3;
  return false;
}

/** What PX4 stores and returns (format_mavlink_mission_item, int mode). */
export function normalise(it: MissionItem): MissionItem {
  const out = { ...it, current: 0 };
  if (ABSOLUTE.has(it.frame)) out.frame = FR.GLOBAL_INT;
  else if (RELATIVE.has(it.frame)) out.frame = FR.GLOBAL_RELATIVE_ALT_INT;
  if (it.missionType === 'fence') {
    // Stored as a fence point: no autocontinue, no altitude reference, only the count or radius.
    const polygon = POLYGON_VERTEX.has(it.command);
    out.frame = it.frame === FR.MISSION ? FR.MISSION : FR.GLOBAL_INT;
    out.autocontinue = 0;
    out.param1 = polygon ? Math.floor(it.param1 + 0.5) : it.command === C.NAV_FENCE_RETURN_POINT ? 0 : it.param1;
    out.param2 = out.param3 = out.param4 = 0;
  } else if (it.command === C.NAV_RALLY_POINT) {
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
  const positional = it.frame !== FR.MISSION;
  const frame = it.frame === FR.GLOBAL_RELATIVE_ALT_INT ? FR.GLOBAL_RELATIVE_ALT : it.frame === FR.GLOBAL_INT ? FR.GLOBAL : it.frame;
  Object.assign(m, { targetSystem: to.system, targetComponent: to.component, seq: it.seq, frame, command: it.command, current: it.current, autocontinue: it.autocontinue });
  Object.assign(m, { param1: it.param1, param2: it.param2, param3: it.param3, param4: it.param4, z: it.z, missionType: typeCodeOf(it.missionType) });
  m.x = positional ? it.x / 1e7 : it.x;
  m.y = positional ? it.y / 1e7 : it.y;
  return m;
}

const typeCodeOf = (t: MissionType): number => (t === 'mission' ? 0 : t === 'fence' ? 1 : 2);
