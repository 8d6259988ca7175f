/**
 * MAVLink numbers the mission layer writes and reads, and one constructor for plan items.
 * Pure. Values from common.xml; PX4 behaviour notes from ../shared/px4/README.md.
 */
import type { MissionItem, MissionType } from '../../firmware-bridge/mission/types.js';

export const MAV_CMD = {
  NAV_WAYPOINT: 16,
  NAV_LOITER_UNLIM: 17,
  NAV_LOITER_TURNS: 18,
  NAV_LOITER_TIME: 19,
  NAV_RETURN_TO_LAUNCH: 20,
  NAV_LAND: 21,
  NAV_TAKEOFF: 22,
  NAV_LOITER_TO_ALT: 31,
  DO_JUMP: 177,
  DO_CHANGE_SPEED: 178,
  DO_GRIPPER: 211,
  NAV_FENCE_RETURN_POINT: 5000,
  NAV_FENCE_POLYGON_VERTEX_INCLUSION: 5001,
  NAV_FENCE_POLYGON_VERTEX_EXCLUSION: 5002,
  NAV_FENCE_CIRCLE_INCLUSION: 5003,
  NAV_FENCE_CIRCLE_EXCLUSION: 5004,
  NAV_RALLY_POINT: 5100,
} as const;

export const MAV_FRAME = {
  GLOBAL: 0,
  MISSION: 2,
  GLOBAL_RELATIVE_ALT: 3,
  GLOBAL_INT: 5,
  GLOBAL_RELATIVE_ALT_INT: 6,
  GLOBAL_TERRAIN_ALT: 10,
  GLOBAL_TERRAIN_ALT_INT: 11,
} as const;

/** MAV_FRAME values whose x/y are positions (degE7 in MISSION_ITEM_INT); others carry raw integers. */
export const GLOBAL_FRAMES: ReadonlySet<number> = new Set([0, 3, 5, 6, 10, 11]);
/** Frames whose z is relative to home. */
export const RELATIVE_FRAMES: ReadonlySet<number> = new Set([3, 6]);
/** Frames whose z is above mean sea level. */
export const AMSL_FRAMES: ReadonlySet<number> = new Set([0, 5]);
/** Frames whose z is above terrain. */
export const TERRAIN_FRAMES: ReadonlySet<number> = new Set([10, 11]);

/** Fence commands (mission_type FENCE). */
export const FENCE_COMMANDS: ReadonlySet<number> = new Set([5000, 5001, 5002, 5003, 5004]);

/** GRIPPER_ACTIONS: RELEASE 0, GRAB 1. */
export const GRIPPER_RELEASE = 0;
/** SPEED_TYPE: 1 = ground speed (DO_CHANGE_SPEED param1). */
export const SPEED_TYPE_GROUND = 1;

/** PX4 limits (SITL defaults): fence storage and rally points. */
export const PX4_MAX_FENCE_ITEMS = 64;
export const PX4_MAX_RALLY_POINTS = 8;

/** The largest float32: params and z travel as float32, so a larger number arrives as ±Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;
/** Commands that fly the vehicle to the item's lat/lon: without a position they cannot be flown (or checked). */
export const FLY_TO_POINT_COMMANDS: ReadonlySet<number> = new Set([16, 17, 18, 19, 31, 82]);

export const e7 = (deg: number): number => Math.round(deg * 1e7);
export const fromE7 = (v: number): number => v / 1e7;

/**
 * A plan item with every field set (autocontinue 1, current 0, params 0 unless given).
 * @example planItem('mission', 0, { command: MAV_CMD.NAV_WAYPOINT, frame: 6, x: e7(53.55), y: e7(9.99), z: 60 })
 */
export function planItem(missionType: MissionType, seq: number, fields: Partial<MissionItem> & Pick<MissionItem, 'command' | 'frame'>): MissionItem {
  return { seq, current: 0, autocontinue: 1, param1: 0, param2: 0, param3: 0, param4: 0, x: 0, y: 0, z: 0, missionType, ...fields };
}

/** Whether an item carries a position (global frame, x/y set). */
export function isPositional(item: Pick<MissionItem, 'frame'>): boolean {
  return GLOBAL_FRAMES.has(item.frame);
}
