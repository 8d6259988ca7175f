/**
 * QGC WPL 110 text files (../shared/domain/gcs-interop.md §4.2) ↔ plan items. Pure.
 *
 * Each line: INDEX CURRENT_WP COORD_FRAME COMMAND PARAM1..4 X/LAT Y/LON Z/ALT AUTOCONTINUE.
 * Written with tabs and `\r\n` (as QGC); read with tabs, spaces or commas and `\n` or `\r\n`
 * (as Mission Planner); empty and `#` lines are skipped (as MAVSDK). `nan` means "unused".
 *
 * Two conventions for line 0:
 * - `home-at-0` (QGC/ArduPilot/Mission Planner 110): line 0 is home (`0 1 0 16 0 0 0 0 lat lon altAmsl 1`),
 *   the mission starts at line 1;
 * - `no-home` (MAVSDK files, old QGC `WPL 120`): every line is an item, line 0 the first one.
 * `auto` (default): a 110 file whose first line has INDEX 0 has home there, whatever its command
 * (QGC: "planned home position is already in position 0"; Mission Planner: INDEX 0 = home, else a
 * blank home is inserted); a line 0 that does not look like a home row (16 in frame 0) is a warning,
 * since MAVSDK would fly it as an item. `120` files have no home.
 * DO_JUMP targets in a `home-at-0` file count the home row (QGC/ArduPilot): read as target − 1 (PX4's
 * numbering, as QGC sends them to PX4), written as seq + 1 with a home row.
 * INDEX is not used for order (QGC and Mission Planner load lines in file order): an out-of-order
 * INDEX is a warning. Positional frames 6/5/11 are written as 3/0/10, the frames Mission Planner and
 * QGC read as relative/AMSL/terrain (Mission Planner treats only frame 3 as relative).
 */
import type { MissionItem, MissionType } from '../../firmware-bridge/mission/types.js';
import { qgcFrame } from './altitude-mode.js';
import { MissionFileError, type FileWarning } from './errors.js';
import { e7, FENCE_COMMANDS, FLOAT32_MAX, FLY_TO_POINT_COMMANDS, fromE7, GLOBAL_FRAMES, MAV_CMD, MAV_FRAME, planItem, TERRAIN_FRAMES } from './mav.js';

export type WplConvention = 'home-at-0' | 'no-home';

export interface ParsedWpl {
  readonly version: 110 | 120;
  readonly convention: WplConvention;
  readonly home?: { readonly lat: number; readonly lon: number; readonly altAmslM: number };
  readonly mission: MissionItem[];
  readonly fence: MissionItem[];
  readonly rally: MissionItem[];
  /** Each names the line (and mission item / field where there is one). */
  readonly warnings: FileWarning[];
}

/** Commands whose z is a height the vehicle flies to (PX4): `nan` there is an error. */
const HEIGHT_COMMANDS: ReadonlySet<number> = new Set([16, 17, 18, 19, 22, 31, 84]);

/** Navigation commands whose x/y is where the vehicle flies (a 0°/0° there is ArduPilot's "here"). */
const NAV_COMMANDS: ReadonlySet<number> = new Set([16, 17, 18, 19, 21, 22, 31, 82, 84, 85]);

const FIELDS = ['INDEX', 'CURRENT_WP', 'COORD_FRAME', 'COMMAND', 'PARAM1', 'PARAM2', 'PARAM3', 'PARAM4', 'PARAM5/X/LATITUDE', 'PARAM6/Y/LONGITUDE', 'PARAM7/Z/ALTITUDE', 'AUTOCONTINUE'] as const;
const INTEGER_FIELDS = new Set([0, 1, 2, 3, 11]);
/**
 * The MISSION_ITEM_INT type of each field that has one: a value outside it would wrap on the wire
 * (frame 256 → 0 GLOBAL, command 65552 → 16 WAYPOINT) into an item the check never saw.
 */
const WIRE_RANGE: Readonly<Record<number, readonly [number, number, string]>> = {
  1: [0, 255, 'uint8'], 2: [0, 255, 'uint8'], 3: [0, 65535, 'uint16'], 11: [0, 255, 'uint8'],
  4: [-FLOAT32_MAX, FLOAT32_MAX, 'float32'], 5: [-FLOAT32_MAX, FLOAT32_MAX, 'float32'], 6: [-FLOAT32_MAX, FLOAT32_MAX, 'float32'], 7: [-FLOAT32_MAX, FLOAT32_MAX, 'float32'], 10: [-FLOAT32_MAX, FLOAT32_MAX, 'float32'],
};
const INT32 = 2 ** 31;

function parseNumber(text: string): number {
  const t = text.toLowerCase();
  if (t === 'nan' || t === '-nan' || t === '+nan') return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t) || 0; // `-0.0` (PX4's mavros files) is 0: the same value, and it survives JSON and the wire as 0
}
const isNanText = (t: string): boolean => /^[+-]?nan$/i.test(t);

const typeOf = (command: number): MissionType => (FENCE_COMMANDS.has(command) ? 'fence' : command === MAV_CMD.NAV_RALLY_POINT ? 'rally' : 'mission');

/**
 * Parse a QGC WPL file.
 * @example
 * const wpl = parseWpl(readFileSync('mission.waypoints', 'utf8'));
 * wpl.convention; wpl.home; wpl.mission.length;
 * @throws MissionFileError WPL_INVALID naming every bad line (`line 7: …`)
 */
export function parseWpl(text: string, options: { convention?: WplConvention | 'auto' } = {}): ParsedWpl {
  // \r alone: classic Mac OS line ends, which some exporters still write
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // `#` comments before the header (PX4's mavros test missions): mavros skips them, QGC and Mission Planner refuse the file
  const at = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const h = Math.max(at, 0);
  const header = (lines[h] ?? '').trim();
  const m = /^QGC WPL (110|120)$/.exec(header);
  if (!m) throw new MissionFileError('WPL_INVALID', `line ${h + 1}: expected the header "QGC WPL 110", found "${header.slice(0, 40)}"`, [{ path: `line ${h + 1}`, message: 'not a QGC WPL header' }]);
  const version = Number(m[1]) as 110 | 120;
  const issues: { path: string; message: string }[] = [];
  const warnings: FileWarning[] = [];
  if (h > 0) warnings.push({ path: `line ${h + 1}`, message: `the header is on line ${h + 1}: lines 1–${h} (comments or blank) before it are skipped and every line after it is a mission item (no home row), as mavros, the one reader of such files, does; QGroundControl and Mission Planner refuse a file whose first line is not the header` });
  const rows: { line: number; v: number[] }[] = [];
  for (let i = h + 1; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw || raw.startsWith('#')) continue;
    const path = `line ${i + 1}`;
    const f = raw.split(/\s*[\t ,]\s*/);
    if (f.length !== 12) {
      issues.push({ path, message: `${f.length} fields, expected 12 (${FIELDS.join(' ')})` });
      continue;
    }
    const v = f.map(parseNumber);
    let ok = true;
    f.forEach((t, k) => {
      const bad = (why: string): void => {
        ok = false;
        issues.push({ path, message: `field ${k + 1} (${FIELDS[k]}) "${t}" ${why}` });
      };
      if (Number.isNaN(v[k]!) && !isNanText(t)) bad('is not a number');
      else if (!Number.isNaN(v[k]!) && !Number.isFinite(v[k]!)) bad('is out of range');
      else if (INTEGER_FIELDS.has(k) && !Number.isInteger(v[k]!)) bad('must be an integer');
      else if (WIRE_RANGE[k] && (v[k]! < WIRE_RANGE[k][0] || v[k]! > WIRE_RANGE[k][1])) bad(`is out of range: MISSION_ITEM_INT carries it as ${WIRE_RANGE[k][2]} (${WIRE_RANGE[k][2] === 'float32' ? '±3.4e38' : `${WIRE_RANGE[k][0]}–${WIRE_RANGE[k][1]}`})`);
    });
    if (!ok) continue;
    if (v[0] !== rows.length) warnings.push({ path, field: FIELDS[0], message: `${path}: field 1 (INDEX) is ${v[0]}, expected ${rows.length}; lines are taken in file order, as QGC and Mission Planner do` });
    if (GLOBAL_FRAMES.has(v[2]!)) {
      if (Math.abs(v[8]!) > 90) issues.push({ path, message: `field 9 (${FIELDS[8]}) ${v[8]} is out of range −90…90 (frame ${v[2]} is positional)` });
      if (Math.abs(v[9]!) > 180) issues.push({ path, message: `field 10 (${FIELDS[9]}) ${v[9]} is out of range −180…180 (frame ${v[2]} is positional)` });
      if (Number.isNaN(v[10]!) && HEIGHT_COMMANDS.has(v[3]!)) issues.push({ path, message: `field 11 (${FIELDS[10]}) is nan: command ${v[3]} needs a height` });
      if ((Number.isNaN(v[8]!) || Number.isNaN(v[9]!)) && FLY_TO_POINT_COMMANDS.has(v[3]!)) issues.push({ path, message: `fields 9/10 (latitude/longitude) are nan: command ${v[3]} flies to its position; give the line its position` });
    } else if (Math.abs(v[8]!) >= INT32 || Math.abs(v[9]!) >= INT32) {
      issues.push({ path, message: `fields 9/10 (X/Y) ${v[8]}/${v[9]} do not fit MISSION_ITEM_INT's int32 (frame ${v[2]} has no position)` });
    }
    rows.push({ line: i + 1, v });
  }
  if (issues.length) {
    const shown = issues.slice(0, 12).map((x) => `${x.path}: ${x.message}`).join('; ');
    throw new MissionFileError('WPL_INVALID', `invalid WPL file: ${shown}${issues.length > 12 ? `; and ${issues.length - 12} more` : ''}`, issues);
  }
  const first = rows[0]?.v;
  const want = options.convention ?? 'auto';
  const convention: WplConvention = want !== 'auto' ? want : h === 0 && version === 110 && first && first[0] === 0 ? 'home-at-0' : 'no-home';
  if (want === 'auto' && convention === 'home-at-0' && first && !(first[3] === MAV_CMD.NAV_WAYPOINT && first[2] === MAV_FRAME.GLOBAL)) {
    warnings.push({ path: `line ${rows[0]!.line}`, message: `line ${rows[0]!.line} (INDEX 0, command ${first[3]}, frame ${first[2]}) is taken as home, as QGC and Mission Planner read a 110 file; MAVSDK would fly it as the first mission item` });
  }
  if (want === 'auto' && h === 0 && version === 110 && first && first[0] !== 0) {
    warnings.push({ path: `line ${rows[0]!.line}`, message: `line ${rows[0]!.line} has INDEX ${first[0]}, not 0: read as a file without home (Mission Planner inserts a blank home); QGC would take this line as home` });
  }
  const body = convention === 'home-at-0' ? rows.slice(1) : rows;
  const out: Record<MissionType, MissionItem[]> = { mission: [], fence: [], rally: [] };
  for (const { v, line } of body) {
    const type = typeOf(v[3]!);
    const pos = GLOBAL_FRAMES.has(v[2]!);
    if (type === 'mission' && TERRAIN_FRAMES.has(v[2]!)) {
      warnings.push({ path: `line ${line}`, item: out.mission.length, field: FIELDS[10], message: `line ${line} (item ${out.mission.length}): frame ${v[2]}: ${v[10]} m above the terrain under the point (the autopilot's terrain data), not above home` });
    }
    if (!pos && [v[8]!, v[9]!].some((x) => !Number.isNaN(x) && !Number.isInteger(x))) {
      // e.g. a VTOL transition (3000) in frame 2 with the lat/lon of where it was planned
      warnings.push({ path: `line ${line}`, item: out[type].length, field: FIELDS[8], message: `line ${line} (item ${out[type].length}): x/y ${v[8]}/${v[9]} in frame ${v[2]} (no position) become MISSION_ITEM_INT x/y ${Math.trunc(v[8]!)}/${Math.trunc(v[9]!)}${v[2] === 2 ? ', as MAVSDK sends them' : ''}; QGroundControl sends them ×10⁷ as a position` });
    }
    if (type === 'mission' && pos && NAV_COMMANDS.has(v[3]!) && (v[8] === 0 || Number.isNaN(v[8]!)) && (v[9] === 0 || Number.isNaN(v[9]!))) {
      warnings.push({ path: `line ${line}`, item: out.mission.length, field: FIELDS[8], message: `line ${line} (item ${out.mission.length}): command ${v[3]} at 0°/0°${Number.isNaN(v[8]!) ? ' (nan: sent as 0°/0°)' : ''}: ArduPilot reads it as "where the vehicle is", PX4 as a point in the Gulf of Guinea; give the item its position` });
    }
    let param1 = v[4]!;
    if (convention === 'home-at-0' && v[3] === MAV_CMD.DO_JUMP) {
      // QGC/ArduPilot number DO_JUMP targets with home as 0; PX4 has no home row (QGC subtracts 1 when it drops home)
      if (!(param1 >= 1)) throw new MissionFileError('WPL_INVALID', `line ${line}: DO_JUMP target ${param1} is the home row (or none); point it at a mission line (1 or more)`, [{ path: `line ${line}`, message: 'DO_JUMP to the home row' }]);
      param1 -= 1;
      warnings.push({ path: `line ${line}`, item: out.mission.length, field: FIELDS[4], message: `line ${line} (item ${out.mission.length}): DO_JUMP target ${v[4]} counts the home row, as QGC and ArduPilot number lines; without home (PX4's numbering) it is item ${param1}` });
    }
    out[type].push(planItem(type, out[type].length, {
      current: v[1]!, frame: v[2]!, command: v[3]!, param1, param2: v[5]!, param3: v[6]!, param4: v[7]!,
      // nan x/y become 0 (MISSION_ITEM_INT has no NaN), as the .plan import does; MAVSDK truncates frame-2 x/y
      x: intXY(v[8]!, pos), y: intXY(v[9]!, pos), z: v[10]!, autocontinue: v[11]!,
    }));
  }
  const home = convention === 'home-at-0' && first ? { lat: first[8]!, lon: first[9]!, altAmslM: first[10]! } : undefined;
  return { version, convention, ...(home ? { home } : {}), mission: out.mission, fence: out.fence, rally: out.rally, warnings };
}

const intXY = (v: number, positional: boolean): number => (Number.isNaN(v) ? 0 : positional ? e7(v) : Math.trunc(v));

const fmt = (v: number): string => (Number.isNaN(v) ? 'nan' : String(v));

/**
 * Write items as QGC WPL 110: tabs, `\r\n`, positional frames as QGC/Mission Planner read them (6 → 3). With `home` the QGC/ArduPilot convention (home at
 * line 0, items from line 1); without it the MAVSDK convention (line 0 = first item).
 * @example writeWpl(items, { home: { lat: 53.5508, lon: 9.9925, altAmslM: 10 } }).split('\r\n')[1] // → '0\t1\t0\t16\t0\t0\t0\t0\t53.5508\t9.9925\t10\t1'
 */
export function writeWpl(items: readonly MissionItem[], options: { home?: { lat: number; lon: number; altAmslM: number } } = {}): string {
  const rows: string[] = ['QGC WPL 110'];
  const h = options.home;
  if (h) rows.push([0, 1, 0, 16, 0, 0, 0, 0, h.lat, h.lon, h.altAmslM, 1].map(fmt).join('\t'));
  items.forEach((it) => {
    const pos = GLOBAL_FRAMES.has(it.frame);
    const param1 = h && it.command === MAV_CMD.DO_JUMP ? it.param1 + 1 : it.param1; // with a home row, targets count it
    rows.push([rows.length - 1, it.current, qgcFrame(it.frame), it.command, param1, it.param2, it.param3, it.param4, pos ? fromE7(it.x) : it.x, pos ? fromE7(it.y) : it.y, it.z, it.autocontinue].map(fmt).join('\t'));
  });
  return `${rows.join('\r\n')}\r\n`;
}
