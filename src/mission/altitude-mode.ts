/**
 * QGroundControl's altitude modes (QGroundControlQmlGlobal::AltMode, the `AltitudeMode` and
 * `globalPlanAltitudeMode` numbers in a `.plan`) and how each maps to a MAVLink frame. Pure.
 *
 * What each mode means for the altitude PX4 flies (params[6] = MAVLink z):
 * - 1 Relative: frame 3 GLOBAL_RELATIVE_ALT, z metres above home.
 * - 2 Absolute: frame 0 GLOBAL, z metres AMSL.
 * - 3 CalcAboveTerrain: frame 0 GLOBAL, z = AMSL that QGC computed from its terrain data so that
 *   the vehicle is `Altitude` metres above the terrain under the point (null until computed).
 * - 4 TerrainFrame: frame 10 GLOBAL_TERRAIN_ALT, z metres above the terrain (the autopilot's
 *   terrain data); not a height above home.
 * - 0 Mixed (plan level only) and 5 None: no item meaning.
 * QGC reads `AltitudeMode`, `Altitude` and `AMSLAltAboveTerrain` only on items that specify an
 * altitude, and all three together; without them it derives the mode from the frame and only frame
 * 3 counts as relative (SimpleMissionItem::load) — frame 6 opens as Absolute. It offers friendly
 * (non-raw) editing only for frames 0, 3 and 10 (SimpleMissionItem::friendlyEditAllowed).
 */
import { AMSL_FRAMES, MAV_FRAME, RELATIVE_FRAMES, TERRAIN_FRAMES } from './mav.js';

export const ALTITUDE_MODE = { Mixed: 0, Relative: 1, Absolute: 2, CalcAboveTerrain: 3, TerrainFrame: 4, None: 5 } as const;
export type AltitudeMode = (typeof ALTITUDE_MODE)[keyof typeof ALTITUDE_MODE];

export const ALTITUDE_MODE_NAME: Readonly<Record<number, string>> = {
  0: 'Mixed', 1: 'Relative (above home)', 2: 'Absolute (AMSL)', 3: 'CalcAboveTerrain (above terrain, sent as AMSL)', 4: 'TerrainFrame (above terrain)', 5: 'None',
};

/** The altitude mode a frame means (undefined for frames without a height). */
export function altitudeModeOfFrame(frame: number): AltitudeMode | undefined {
  if (RELATIVE_FRAMES.has(frame)) return ALTITUDE_MODE.Relative;
  if (AMSL_FRAMES.has(frame)) return ALTITUDE_MODE.Absolute;
  if (TERRAIN_FRAMES.has(frame)) return ALTITUDE_MODE.TerrainFrame;
  return undefined;
}

/**
 * The frame QGroundControl expects for a frame's meaning: the non-INT frames 0, 3, 10 (the only ones
 * QGC edits friendly; PX4 accepts them in MISSION_ITEM_INT too). Other frames are returned unchanged.
 * @example qgcFrame(6) // → 3
 */
export function qgcFrame(frame: number): number {
  if (RELATIVE_FRAMES.has(frame)) return MAV_FRAME.GLOBAL_RELATIVE_ALT;
  if (AMSL_FRAMES.has(frame)) return MAV_FRAME.GLOBAL;
  if (TERRAIN_FRAMES.has(frame)) return MAV_FRAME.GLOBAL_TERRAIN_ALT;
  return frame;
}

/** Whether two frames give z the same meaning (e.g. 3 and 6). */
export function sameHeightReference(a: number, b: number): boolean {
  return qgcFrame(a) === qgcFrame(b);
}
