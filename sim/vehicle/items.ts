import { common } from '../../firmware-bridge/codec/dialect.js';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';

/** Mission/fence/rally items as the vehicle stores them: firmware-bridge's MissionItem without its plan type. */
export type PlanItem = Omit<MissionItem, 'missionType'>;

/** STATUSTEXT severities (MAV_SEVERITY), for `vehicle.text(SEV.CRITICAL, …)`. */
export const SEV = common.MavSeverity;

/** MAV_CMD ids from the dialect (mavlink-mappings' MavCmd), so no id is typed by hand here. */
export const MAV_CMD = common.MavCmd;

/** Frames whose z is AMSL (GLOBAL, GLOBAL_INT). */
export const AMSL_FRAMES = new Set<number>([common.MavFrame.GLOBAL, common.MavFrame.GLOBAL_INT]);
/** Frames whose z is relative to home (GLOBAL_RELATIVE_ALT, GLOBAL_RELATIVE_ALT_INT). */
export const RELATIVE_FRAMES = new Set<number>([common.MavFrame.GLOBAL_RELATIVE_ALT, common.MavFrame.GLOBAL_RELATIVE_ALT_INT]);

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
