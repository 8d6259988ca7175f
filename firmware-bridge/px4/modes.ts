/**
 * PX4 flight modes: HEARTBEAT.custom_mode ↔ named modes, and the MAV_CMD_DO_SET_MODE params.
 *
 * PX4 packs its mode into custom_mode as `struct { uint16 reserved; uint8 main_mode; uint8 sub_mode }`
 * (px4_custom_mode.h), i.e. `main << 16 | sub << 24`. The reserved low half is ignored on decode.
 * sub_mode only means something for AUTO (mission, RTL, …) and POSCTL (orbit, slow).
 */
import { minimal } from '../codec/dialect.js';
import { BridgeError } from '../errors.js';

/** PX4 main modes (px4_custom_mode.h, PX4_CUSTOM_MAIN_MODE_*). */
export const PX4_MAIN_MODE = {
  MANUAL: 1,
  ALTCTL: 2,
  POSCTL: 3,
  AUTO: 4,
  ACRO: 5,
  OFFBOARD: 6,
  STABILIZED: 7,
  RATTITUDE_LEGACY: 8,
  SIMPLE: 9,
  TERMINATION: 10,
} as const;

/** PX4 AUTO sub modes (PX4_CUSTOM_SUB_MODE_AUTO_*). 7 (RTGS) is retired. */
export const PX4_AUTO_SUB_MODE = {
  READY: 1,
  TAKEOFF: 2,
  LOITER: 3,
  MISSION: 4,
  RTL: 5,
  LAND: 6,
  FOLLOW_TARGET: 8,
  PRECLAND: 9,
  VTOL_TAKEOFF: 10,
  EXTERNAL1: 11,
  EXTERNAL2: 12,
  EXTERNAL3: 13,
  EXTERNAL4: 14,
  EXTERNAL5: 15,
  EXTERNAL6: 16,
  EXTERNAL7: 17,
  EXTERNAL8: 18,
} as const;

/** PX4 POSCTL sub modes (PX4_CUSTOM_SUB_MODE_POSCTL_*). */
export const PX4_POSCTL_SUB_MODE = { POSCTL: 0, ORBIT: 1, SLOW: 2 } as const;

const M = PX4_MAIN_MODE;
const A = PX4_AUTO_SUB_MODE;

/** Our stable names; `displayName` is what QGroundControl shows (PX4FirmwarePlugin). */
const MODE_TABLE = [
  { name: 'Manual', displayName: 'Manual', px4Name: 'MANUAL', mainMode: M.MANUAL, subMode: 0 },
  { name: 'Altitude', displayName: 'Altitude', px4Name: 'ALTCTL', mainMode: M.ALTCTL, subMode: 0 },
  { name: 'Position', displayName: 'Position', px4Name: 'POSCTL', mainMode: M.POSCTL, subMode: 0 },
  { name: 'Orbit', displayName: 'Orbit', px4Name: 'POSCTL.ORBIT', mainMode: M.POSCTL, subMode: 1 },
  { name: 'PositionSlow', displayName: 'Position Slow', px4Name: 'POSCTL.SLOW', mainMode: M.POSCTL, subMode: 2 },
  { name: 'Acro', displayName: 'Acro', px4Name: 'ACRO', mainMode: M.ACRO, subMode: 0 },
  { name: 'Offboard', displayName: 'Offboard', px4Name: 'OFFBOARD', mainMode: M.OFFBOARD, subMode: 0 },
  { name: 'Stabilized', displayName: 'Stabilized', px4Name: 'STABILIZED', mainMode: M.STABILIZED, subMode: 0 },
  { name: 'Rattitude', displayName: 'Rattitude', px4Name: 'RATTITUDE_LEGACY', mainMode: M.RATTITUDE_LEGACY, subMode: 0 },
  { name: 'Simple', displayName: 'Simple', px4Name: 'SIMPLE', mainMode: M.SIMPLE, subMode: 0 },
  { name: 'Termination', displayName: 'Termination', px4Name: 'TERMINATION', mainMode: M.TERMINATION, subMode: 0 },
  { name: 'Ready', displayName: 'Ready', px4Name: 'AUTO.READY', mainMode: M.AUTO, subMode: A.READY },
  { name: 'Takeoff', displayName: 'Takeoff', px4Name: 'AUTO.TAKEOFF', mainMode: M.AUTO, subMode: A.TAKEOFF },
  { name: 'Hold', displayName: 'Hold', px4Name: 'AUTO.LOITER', mainMode: M.AUTO, subMode: A.LOITER },
  { name: 'Mission', displayName: 'Mission', px4Name: 'AUTO.MISSION', mainMode: M.AUTO, subMode: A.MISSION },
  { name: 'RTL', displayName: 'Return', px4Name: 'AUTO.RTL', mainMode: M.AUTO, subMode: A.RTL },
  { name: 'Land', displayName: 'Land', px4Name: 'AUTO.LAND', mainMode: M.AUTO, subMode: A.LAND },
  { name: 'FollowTarget', displayName: 'Follow Me', px4Name: 'AUTO.FOLLOW_TARGET', mainMode: M.AUTO, subMode: A.FOLLOW_TARGET },
  { name: 'PrecLand', displayName: 'Precision Land', px4Name: 'AUTO.PRECLAND', mainMode: M.AUTO, subMode: A.PRECLAND },
  { name: 'VtolTakeoff', displayName: 'VTOL Takeoff', px4Name: 'AUTO.VTOL_TAKEOFF', mainMode: M.AUTO, subMode: A.VTOL_TAKEOFF },
  { name: 'External1', displayName: 'External 1', px4Name: 'AUTO.EXTERNAL1', mainMode: M.AUTO, subMode: A.EXTERNAL1 },
  { name: 'External2', displayName: 'External 2', px4Name: 'AUTO.EXTERNAL2', mainMode: M.AUTO, subMode: A.EXTERNAL2 },
  { name: 'External3', displayName: 'External 3', px4Name: 'AUTO.EXTERNAL3', mainMode: M.AUTO, subMode: A.EXTERNAL3 },
  { name: 'External4', displayName: 'External 4', px4Name: 'AUTO.EXTERNAL4', mainMode: M.AUTO, subMode: A.EXTERNAL4 },
  { name: 'External5', displayName: 'External 5', px4Name: 'AUTO.EXTERNAL5', mainMode: M.AUTO, subMode: A.EXTERNAL5 },
  { name: 'External6', displayName: 'External 6', px4Name: 'AUTO.EXTERNAL6', mainMode: M.AUTO, subMode: A.EXTERNAL6 },
  { name: 'External7', displayName: 'External 7', px4Name: 'AUTO.EXTERNAL7', mainMode: M.AUTO, subMode: A.EXTERNAL7 },
  { name: 'External8', displayName: 'External 8', px4Name: 'AUTO.EXTERNAL8', mainMode: M.AUTO, subMode: A.EXTERNAL8 },
] as const;

export type Px4ModeName = (typeof MODE_TABLE)[number]['name'];

export interface Px4Mode {
  readonly known: true;
  readonly name: Px4ModeName;
  /** QGroundControl's label, e.g. "Return" for RTL, "Hold" for AUTO.LOITER. */
  readonly displayName: string;
  /** PX4's own spelling, e.g. "AUTO.LOITER". */
  readonly px4Name: string;
  readonly mainMode: number;
  readonly subMode: number;
  /** HEARTBEAT.custom_mode value (uint32). */
  readonly customMode: number;
}

export interface UnknownPx4Mode {
  readonly known: false;
  /** `Unknown(0x…)` with the 8-digit custom_mode, e.g. "Unknown(0x00630000)". */
  readonly name: string;
  readonly displayName: string;
  readonly mainMode: number;
  readonly subMode: number;
  readonly customMode: number;
}

/**
 * Pack main/sub mode into a custom_mode uint32.
 * @example encodeCustomMode(4, 3) // 0x03040000 (Hold)
 */
export function encodeCustomMode(mainMode: number, subMode: number): number {
  // `>>> 0`: sub_mode << 24 sets bit 31 for sub ≥ 128 and JS shifts are signed.
  return (((mainMode & 0xff) << 16) | ((subMode & 0xff) << 24)) >>> 0;
}

/**
 * Split custom_mode into main and sub mode.
 * @example decodeCustomMode(0x04040000) // { mainMode: 4, subMode: 4 }
 */
export function decodeCustomMode(customMode: number): { mainMode: number; subMode: number } {
  return { mainMode: (customMode >>> 16) & 0xff, subMode: (customMode >>> 24) & 0xff };
}

export const PX4_MODES: readonly Px4Mode[] = MODE_TABLE.map((m) => ({
  known: true as const,
  ...m,
  customMode: encodeCustomMode(m.mainMode, m.subMode),
}));

const byName = new Map<string, Px4Mode>();
for (const m of PX4_MODES) {
  for (const alias of [m.name, m.displayName, m.px4Name]) byName.set(normalise(alias), m);
}
// Common aliases operators type: QGC's "Return", MAVSDK's "Loiter"/"ReturnToLaunch", PX4 "AUTO.RTL".
for (const [alias, name] of [
  ['loiter', 'Hold'],
  ['return', 'RTL'],
  ['returntolaunch', 'RTL'],
  ['altctl', 'Altitude'],
  ['posctl', 'Position'],
] as const) {
  byName.set(alias, px4Mode(name));
}
const byCustomMode = new Map<number, Px4Mode>(PX4_MODES.map((m) => [m.customMode, m]));

function normalise(s: string): string {
  return s.toLowerCase().replace(/[\s_.-]/g, '');
}

/**
 * The mode table entry for one of our names.
 * @example px4Mode('Hold').customMode // 0x03040000
 */
export function px4Mode(name: Px4ModeName): Px4Mode {
  const m = PX4_MODES.find((x) => x.name === name);
  if (!m) throw new BridgeError('MODE_UNKNOWN', `unknown PX4 mode "${name}"`, { name }); // unreachable for typed callers
  return m;
}

/**
 * Decode HEARTBEAT.custom_mode. Values PX4 does not define become `Unknown(0x…)` rather than a
 * guess, so a new firmware mode shows up as such on the map instead of as a wrong name.
 * @example modeFromCustomMode(0x05040000).name // "RTL"
 * @example modeFromCustomMode(0x00630000).name // "Unknown(0x00630000)"
 */
export function modeFromCustomMode(customMode: number): Px4Mode | UnknownPx4Mode {
  const cm = customMode >>> 0;
  const { mainMode, subMode } = decodeCustomMode(cm);
  const known = byCustomMode.get(encodeCustomMode(mainMode, subMode));
  if (known) return known;
  const name = `Unknown(0x${cm.toString(16).padStart(8, '0')})`;
  return { known: false, name, displayName: name, mainMode, subMode, customMode: cm };
}

/**
 * Resolve a user-supplied mode name: our names, QGC display names and PX4 names, case- and
 * punctuation-insensitive ("hold", "AUTO.LOITER", "Return", "rtl"). Throws MODE_UNKNOWN listing
 * the valid names.
 * @example parseModeName('auto.loiter').name // "Hold"
 */
export function parseModeName(input: string): Px4Mode {
  const m = byName.get(normalise(input));
  if (m) return m;
  throw new BridgeError('MODE_UNKNOWN', `unknown PX4 flight mode "${input}"; use one of: ${PX4_MODES.map((x) => x.name).join(', ')}`, {
    input,
  });
}

export interface SetModeParams {
  /** MAV_MODE_FLAG_CUSTOM_MODE_ENABLED: PX4 only honours param2/3 when base_mode bit 0 is set. */
  param1: number;
  /** main mode (a separate byte, not the packed custom_mode). */
  param2: number;
  /** sub mode. */
  param3: number;
}

/**
 * Params for MAV_CMD_DO_SET_MODE (176) selecting a PX4 mode.
 * @example setModeParams(px4Mode('Mission')) // { param1: 1, param2: 4, param3: 4 }
 */
export function setModeParams(mode: Px4Mode): SetModeParams {
  return { param1: minimal.MavModeFlag.CUSTOM_MODE_ENABLED, param2: mode.mainMode, param3: mode.subMode };
}
