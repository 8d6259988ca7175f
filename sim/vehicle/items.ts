import { common } from '../../firmware-bridge/codec/dialect.js';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';

/** Mission/fence/rally items as the vehicle stores them: firmware-bridge's MissionItem without its plan type. */
export type PlanItem = Omit<MissionItem, 'missionType'>;

/** STATUSTEXT severities (MAV_SEVERITY), for `vehicle.text(SEV.CRITICAL, …)`. */
export const SEV = common.MavSeverity;

export const MAV_CMD = {
  NAV_WAYPOINT: 16,
  NAV_LOITER_UNLIM: 17,
  NAV_LOITER_TIME: 19,
  NAV_RETURN_TO_LAUNCH: 20,
  NAV_LAND: 21,
  NAV_TAKEOFF: 22,
  DO_SET_MODE: 176,
  DO_CHANGE_SPEED: 178,
  DO_SET_HOME: 179,
  DO_LAND_START: 189,
  DO_REPOSITION: 192,
  DO_GRIPPER: 211,
  DO_SET_MISSION_CURRENT: 224,
  MISSION_START: 300,
  COMPONENT_ARM_DISARM: 400,
  GET_HOME_POSITION: 410,
  GET_MESSAGE_INTERVAL: 510,
  SET_MESSAGE_INTERVAL: 511,
  REQUEST_MESSAGE: 512,
  REQUEST_AUTOPILOT_CAPABILITIES: 520,
  DO_WINCH: 42600,
  FENCE_POLYGON_VERTEX_INCLUSION: 5001,
  FENCE_POLYGON_VERTEX_EXCLUSION: 5002,
  FENCE_CIRCLE_INCLUSION: 5003,
  FENCE_CIRCLE_EXCLUSION: 5004,
  RALLY_POINT: 5100,
} as const;

/** Frames whose z is AMSL (GLOBAL, GLOBAL_INT). */
export const AMSL_FRAMES = new Set([0, 5]);
/** Frames whose z is relative to home (GLOBAL_RELATIVE_ALT, GLOBAL_RELATIVE_ALT_INT). */
export const RELATIVE_FRAMES = new Set([3, 6]);

/** Does this item carry a position the vehicle flies to? */
export function isNavPosition(it: PlanItem): boolean {
  return (
    it.command === MAV_CMD.NAV_WAYPOINT ||
    it.command === MAV_CMD.NAV_LOITER_UNLIM ||
    it.command === MAV_CMD.NAV_LOITER_TIME ||
    it.command === MAV_CMD.NAV_LAND ||
    it.command === MAV_CMD.NAV_TAKEOFF
  );
}

/** Latitude/longitude in degrees of a global item (x/y are degE7). */
export function itemLatLon(it: PlanItem): { lat: number; lon: number } {
  return { lat: it.x / 1e7, lon: it.y / 1e7 };
}
