/**
 * `.plan` mission items → MAVLink mission items, tolerant the way QGroundControl's loaders are, and
 * explicit about meaning. Pure. Used by ./qgc-plan.ts.
 *
 * - SimpleItem in QGC's three JSON shapes (MissionItem::load): V3 `params` of 7; V2 `params` of 4 +
 *   `coordinate [lat, lon, alt]`; V1 `param1..param4` + `coordinate` (type `missionItem`).
 * - ComplexItem (survey, CorridorScan, …): QGC stores the items it generated in
 *   `TransectStyleComplexItem.Items` (older surveys: `items`); those are imported as simple items
 *   (as MAVSDK's import_qgroundcontrol_mission does). A complex item without stored items
 *   (StructureScan, landing patterns) is refused: only QGC can regenerate them.
 * - Altitude: ./altitude-mode.ts. Never a silent change of meaning: every case where the file's
 *   altitude fields disagree, or the height is above terrain rather than above home, is a warning
 *   naming the item and field; a height-carrying item without any altitude is an error.
 * - Problems are collected (all of them, each with its JSON path), not thrown one by one.
 */
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { ALTITUDE_MODE, ALTITUDE_MODE_NAME } from './altitude-mode.js';
import type { FileWarning, MissionFileErrorCode } from './errors.js';
import { AMSL_FRAMES, e7, FLOAT32_MAX, FLY_TO_POINT_COMMANDS, GLOBAL_FRAMES, MAV_CMD, MAV_FRAME, planItem, RELATIVE_FRAMES, TERRAIN_FRAMES } from './mav.js';

export interface Problem {
  readonly code: MissionFileErrorCode;
  readonly path: string;
  readonly message: string;
}

/** The altitude fields of a SimpleItem as QGC wrote them (kept for export). */
export interface ItemAltitude {
  readonly mode: number;
  readonly altitudeM: number;
  readonly amslAltAboveTerrainM: number;
}

export interface ParsedItems {
  readonly mission: MissionItem[];
  readonly altitudes: (ItemAltitude | undefined)[];
  readonly warnings: FileWarning[];
  readonly problems: Problem[];
}

/** Commands whose z is a height the vehicle flies to (PX4): a null there is an error. */
const HEIGHT_COMMANDS: ReadonlySet<number> = new Set([16, 17, 18, 19, 22, 31, 84]);
/** Navigation commands whose lat/lon is where the vehicle flies (0°/0° there is ArduPilot's "here"). */
const NAV_COMMANDS: ReadonlySet<number> = new Set([16, 17, 18, 19, 21, 22, 31, 82, 84, 85]);
const FIELD = ['param1', 'param2', 'param3', 'param4', 'latitude', 'longitude', 'altitude'] as const;
const INT32 = 2 ** 31;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number';

interface Entry { readonly raw: Json; readonly path: string }

/** Flatten mission.items: simple items as they are, complex items as their stored generated items. */
function flatten(items: readonly unknown[], problems: Problem[], warnings: FileWarning[]): Entry[] {
  const out: Entry[] = [];
  items.forEach((raw, k) => {
    const path = `mission.items.${k}`;
    if (!isObject(raw)) {
      problems.push({ code: 'PLAN_INVALID', path, message: 'is not an object' });
      return;
    }
    if (raw.type === 'SimpleItem' || raw.type === 'missionItem') {
      out.push({ raw, path });
      return;
    }
    if (raw.type !== 'ComplexItem') {
      problems.push({ code: 'PLAN_INVALID', path: `${path}.type`, message: `type ${JSON.stringify(raw.type)} is neither SimpleItem nor ComplexItem` });
      return;
    }
    const kind = String(raw.complexItemType);
    const transect = isObject(raw.TransectStyleComplexItem) ? raw.TransectStyleComplexItem : undefined;
    const [generated, where] = Array.isArray(transect?.Items) ? [transect.Items as unknown[], 'TransectStyleComplexItem.Items'] : Array.isArray(raw.items) ? [raw.items as unknown[], 'items'] : [undefined, ''];
    if (!generated) {
      problems.push({ code: 'PLAN_UNSUPPORTED_ITEM', path, message: `is a ComplexItem (${kind}) without stored generated items (TransectStyleComplexItem.Items); only QGroundControl can regenerate them: open the plan in QGC, save it again (or convert the item to simple waypoints) and import again` });
      return;
    }
    const first = out.length;
    generated.forEach((g, j) => {
      const gp = `${path}.${where}.${j}`;
      if (isObject(g)) out.push({ raw: g, path: gp });
      else problems.push({ code: 'PLAN_INVALID', path: gp, message: 'is not an object' });
    });
    warnings.push({ path, item: first, message: `${path} is a ComplexItem (${kind}): its ${generated.length} generated items (${where}) are imported as simple items ${first}–${out.length - 1}; the ${kind} pattern itself can only be edited in QGroundControl` });
  });
  return out;
}

/** The 7 params of an item in any of QGC's shapes, or a problem. */
function params(raw: Json, path: string, problems: Problem[]): unknown[] | undefined {
  const coord = raw.coordinate;
  if (Array.isArray(raw.params) && raw.params.length === 7) return raw.params as unknown[];
  const four = Array.isArray(raw.params) && raw.params.length === 4 ? (raw.params as unknown[]) : 'param1' in raw ? [raw.param1, raw.param2, raw.param3, raw.param4] : undefined;
  if (four && Array.isArray(coord) && coord.length === 3) return [...four, ...(coord as unknown[])];
  problems.push({ code: 'PLAN_INVALID', path: `${path}.params`, message: 'expected params of 7 values (or params of 4 with coordinate [lat, lon, alt], QGC\'s older item format)' });
  return undefined;
}

/**
 * Parse the items of `mission.items`.
 * @example parseQgcItems(json.mission.items).mission.length
 */
export function parseQgcItems(items: readonly unknown[]): ParsedItems {
  const problems: Problem[] = [];
  const warnings: FileWarning[] = [];
  const entries = flatten(items, problems, warnings);
  const jumpIds = new Map<number, number>();
  entries.forEach((e, seq) => {
    if (isNum(e.raw.doJumpId) && !jumpIds.has(e.raw.doJumpId)) jumpIds.set(e.raw.doJumpId, seq);
  });
  const mission: MissionItem[] = [];
  const altitudes: (ItemAltitude | undefined)[] = [];
  entries.forEach(({ raw, path }, seq) => {
    const bad = (field: string, message: string, code: MissionFileErrorCode = 'PLAN_INVALID'): void => {
      problems.push({ code, path: `${path}.${field}`, message: `${message} (item ${seq})` });
    };
    const { command, frame, autoContinue } = raw;
    if (!isNum(command) || !Number.isInteger(command) || command < 0 || command > 65535) bad('command', `command ${JSON.stringify(command)} must be an integer 0–65535`);
    if (!isNum(frame) || !Number.isInteger(frame) || frame < 0 || frame > 255) bad('frame', `frame ${JSON.stringify(frame)} must be an integer 0–255`);
    if (typeof autoContinue !== 'boolean') bad('autoContinue', `autoContinue ${JSON.stringify(autoContinue)} must be true or false`);
    const p = params(raw, path, problems);
    if (!p || !isNum(command) || !isNum(frame) || typeof autoContinue !== 'boolean') return;
    const v: number[] = [];
    let ok = true;
    p.forEach((x, i) => {
      if (x === null) v.push(Number.NaN);
      else if (isNum(x) && Number.isFinite(x)) v.push(x || 0); // -0 (JSON `-0.0`) is 0
      else {
        ok = false;
        bad(`params.${i}`, `params[${i}] (${FIELD[i]}) ${JSON.stringify(x)} is not a finite number or null`);
      }
    });
    // params 1–4 and z are float32 on the wire: a larger number would arrive as ±Infinity
    for (const i of [0, 1, 2, 3, 6]) if (Math.abs(v[i]!) > FLOAT32_MAX) bad(`params.${i}`, `params[${i}] (${FIELD[i]}) ${v[i]} does not fit MISSION_ITEM_INT's float32 (±3.4e38)`);
    if (!ok) return;
    const positional = GLOBAL_FRAMES.has(frame);
    if (positional) {
      if (Math.abs(v[4]!) > 90) bad('params.4', `latitude ${v[4]} is out of range −90…90`);
      if (Math.abs(v[5]!) > 180) bad('params.5', `longitude ${v[5]} is out of range −180…180`);
      const none = (x: number): boolean => x === 0 || Number.isNaN(x);
      if (FLY_TO_POINT_COMMANDS.has(command) && (Number.isNaN(v[4]!) || Number.isNaN(v[5]!))) {
        // null would be sent as 0°/0°, and the check would have no point to judge: refuse instead of guessing
        bad('params.4', `command ${command} flies to its latitude/longitude, which are null (${String(p[4])}, ${String(p[5])}); give the item its position`);
      } else if (none(v[4]!) && none(v[5]!) && NAV_COMMANDS.has(command)) {
        warnings.push({ path: `${path}.params.4`, item: seq, field: 'params.4', message: `${path}.params.4 (item ${seq}): command ${command} at 0°/0°${Number.isNaN(v[4]!) ? ' (null: sent as 0°/0°)' : ''}: ArduPilot reads it as "where the vehicle is", PX4 as a point in the Gulf of Guinea; give the item its position` });
      }
    } else if (Math.abs(v[4]!) >= INT32 || Math.abs(v[5]!) >= INT32) bad('params.4', `x/y ${v[4]}/${v[5]} do not fit MISSION_ITEM_INT's int32`);
    else if (!Number.isInteger(v[4]!) && !Number.isNaN(v[4]!) || !Number.isInteger(v[5]!) && !Number.isNaN(v[5]!)) {
      // e.g. PX4's DO_LAND_START in frame 2 with a lat/lon: MAVSDK rounds, QGC sends ×1e7 whatever the frame
      const r = (x: number): number => Math.trunc(Number.isNaN(x) ? 0 : x);
      warnings.push({ path: `${path}.params.4`, item: seq, field: 'params.4', message: `${path}.params.4 (item ${seq}): params[4]/params[5] ${v[4]}/${v[5]} in frame ${frame} (no position) become MISSION_ITEM_INT x/y ${r(v[4]!)}/${r(v[5]!)}${frame === 2 ? ', as MAVSDK sends them' : ''}; QGroundControl sends them ×10⁷ (${Math.round(v[4]! * 1e7)}/${Math.round(v[5]! * 1e7)}), as a position: the two disagree, check what the autopilot reads for command ${command}` });
    }
    if (command === MAV_CMD.DO_JUMP) {
      const target = jumpIds.get(v[0]!);
      if (target === undefined) bad('params.0', `DO_JUMP target: Could not find doJumpId ${String(p[0])}; point it at an item's doJumpId`, 'PLAN_JUMP_TARGET_MISSING');
      else v[0] = target;
    }
    const alt = positional ? altitude(raw, path, seq, command, frame, v[6]!, warnings, bad) : { frame, z: v[6]! };
    if (!alt) return;
    altitudes.push(alt.kept);
    mission.push(planItem('mission', mission.length, {
      command, frame: alt.frame, autocontinue: autoContinue ? 1 : 0,
      param1: v[0]!, param2: v[1]!, param3: v[2]!, param4: v[3]!,
      x: positional ? e7(Number.isNaN(v[4]!) ? 0 : v[4]!) : Math.trunc(Number.isNaN(v[4]!) ? 0 : v[4]!), // MAVSDK truncates frame-2 x/y
      y: positional ? e7(Number.isNaN(v[5]!) ? 0 : v[5]!) : Math.trunc(Number.isNaN(v[5]!) ? 0 : v[5]!),
      z: alt.z,
    }));
  });
  return { mission, altitudes, warnings, problems };
}

const frameName = (f: number): string => `frame ${f}${RELATIVE_FRAMES.has(f) ? ' (above home)' : AMSL_FRAMES.has(f) ? ' (AMSL)' : TERRAIN_FRAMES.has(f) ? ' (above terrain)' : ''}`;

/** Resolve the height of a positional item from params[6], frame and QGC's altitude fields. */
function altitude(
  raw: Json, path: string, seq: number, command: number, frame: number, z0: number, warnings: FileWarning[], bad: (field: string, message: string) => void,
): { frame: number; z: number; kept?: ItemAltitude } | undefined {
  const warn = (field: string, message: string): void => {
    warnings.push({ path: `${path}.${field}`, item: seq, field, message: `${path}.${field} (item ${seq}): ${message}` });
  };
  let z = z0;
  let f = frame;
  const hasKeys = 'AltitudeMode' in raw || 'Altitude' in raw || 'AMSLAltAboveTerrain' in raw;
  let kept: ItemAltitude | undefined;
  if (hasKeys) {
    const mode = raw.AltitudeMode;
    const a = raw.Altitude;
    const t = raw.AMSLAltAboveTerrain;
    if (!isNum(mode) || !Number.isInteger(mode) || mode < 0 || mode > 5) {
      bad('AltitudeMode', `AltitudeMode ${JSON.stringify(mode)} must be one of 0–5 (QGC: 1 Relative, 2 Absolute, 3 CalcAboveTerrain, 4 TerrainFrame)`);
      return undefined;
    }
    if ((a !== null && a !== undefined && !(isNum(a) && Number.isFinite(a))) || (t !== null && t !== undefined && !(isNum(t) && Number.isFinite(t)))) {
      bad('Altitude', `Altitude ${JSON.stringify(a)} / AMSLAltAboveTerrain ${JSON.stringify(t)} must be numbers or null`);
      return undefined;
    }
    const altM = isNum(a) ? a : Number.NaN;
    kept = { mode, altitudeM: altM, amslAltAboveTerrainM: isNum(t) ? t : Number.NaN };
    const expected = mode === ALTITUDE_MODE.Relative ? RELATIVE_FRAMES : mode === ALTITUDE_MODE.Absolute || mode === ALTITUDE_MODE.CalcAboveTerrain ? AMSL_FRAMES : mode === ALTITUDE_MODE.TerrainFrame ? TERRAIN_FRAMES : undefined;
    if (!expected) {
      warn('AltitudeMode', `AltitudeMode ${mode} (${ALTITUDE_MODE_NAME[mode]}${mode === ALTITUDE_MODE.Mixed ? ', a plan-level value that files of older QGroundControl versions carry on items' : ''}) gives an item no height reference; the ${frameName(frame)} decides, as it does for the vehicle`);
    } else if (!expected.has(frame)) {
      warn('AltitudeMode', `AltitudeMode ${mode} (${ALTITUDE_MODE_NAME[mode]}) disagrees with ${frameName(frame)}; QGC uploads the frame, so the height is read by the frame`);
    } else if (mode === ALTITUDE_MODE.CalcAboveTerrain) {
      if (Number.isNaN(z) && Number.isFinite(altM)) {
        f = MAV_FRAME.GLOBAL_TERRAIN_ALT;
        z = altM;
        warn('params.6', `AltitudeMode 3 (CalcAboveTerrain) with params[6] null: QGC had not computed the AMSL height from its terrain data; read as Altitude ${altM} m above the terrain under the point (frame 10 GLOBAL_TERRAIN_ALT), which is not a height above home`);
      } else if (!Number.isNaN(z)) {
        warn('params.6', `AltitudeMode 3 (CalcAboveTerrain): params[6] ${z} m AMSL is what QGC computed from its terrain data for ${Number.isFinite(altM) ? `${altM} m` : 'a height'} above the terrain, and what it uploads; read as ${z} m AMSL`);
      }
    } else if (Number.isNaN(z) && Number.isFinite(altM)) {
      z = altM;
      warn('params.6', `params[6] (altitude) is null; took Altitude ${altM} m (${ALTITUDE_MODE_NAME[mode]})`);
    } else if (Number.isFinite(altM) && !Number.isNaN(z) && Math.abs(altM - z) > 0.01) {
      warn('Altitude', `Altitude ${altM} m differs from params[6] ${z} m; QGC uploads params[6], so ${z} m (${ALTITUDE_MODE_NAME[mode]}) is used`);
    }
  }
  if (TERRAIN_FRAMES.has(f) && f === frame && !Number.isNaN(z)) {
    warn('frame', `${frameName(frame)}: ${z} m above the terrain under the point (the autopilot's terrain data), not above home`);
  }
  if (Number.isNaN(z) && HEIGHT_COMMANDS.has(command)) {
    bad('params.6', `params[6] (altitude) is null and no Altitude is given: command ${command} needs a height`);
    return undefined;
  }
  return { frame: f, z, ...(kept ? { kept } : {}) };
}
