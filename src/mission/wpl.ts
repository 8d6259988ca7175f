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
 * `auto` (default) takes line 0 as home when it is a NAV_WAYPOINT in frame GLOBAL (absolute
 * altitude) — the ArduPilot home row — and the file says 110.
 */
import type { MissionItem, MissionType } from '../../firmware-bridge/mission/types.js';
import { MissionFileError } from './errors.js';
import { e7, FENCE_COMMANDS, fromE7, GLOBAL_FRAMES, MAV_CMD, MAV_FRAME, planItem } from './mav.js';

export type WplConvention = 'home-at-0' | 'no-home';

export interface ParsedWpl {
  readonly version: 110 | 120;
  readonly convention: WplConvention;
  readonly home?: { readonly lat: number; readonly lon: number; readonly altAmslM: number };
  readonly mission: MissionItem[];
  readonly fence: MissionItem[];
  readonly rally: MissionItem[];
}

const FIELDS = ['INDEX', 'CURRENT_WP', 'COORD_FRAME', 'COMMAND', 'PARAM1', 'PARAM2', 'PARAM3', 'PARAM4', 'PARAM5/X/LATITUDE', 'PARAM6/Y/LONGITUDE', 'PARAM7/Z/ALTITUDE', 'AUTOCONTINUE'] as const;
const INTEGER_FIELDS = new Set([0, 1, 2, 3, 11]);

function parseNumber(text: string): number {
  const t = text.toLowerCase();
  if (t === 'nan' || t === '-nan' || t === '+nan') return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
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
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').trim();
  const m = /^QGC WPL (110|120)$/.exec(header);
  if (!m) throw new MissionFileError('WPL_INVALID', `line 1: expected the header "QGC WPL 110", found "${header.slice(0, 40)}"`, [{ path: 'line 1', message: 'not a QGC WPL header' }]);
  const version = Number(m[1]) as 110 | 120;
  const issues: { path: string; message: string }[] = [];
  const rows: { line: number; v: number[] }[] = [];
  for (let i = 1; i < lines.length; i++) {
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
      else if (INTEGER_FIELDS.has(k) && !Number.isInteger(v[k]!)) bad('must be an integer');
    });
    if (!ok) continue;
    if (v[0] !== rows.length) issues.push({ path, message: `field 1 (INDEX) is ${v[0]}, expected ${rows.length}` });
    if (GLOBAL_FRAMES.has(v[2]!) && (Math.abs(v[8]!) > 90 || Math.abs(v[9]!) > 180)) {
      issues.push({ path, message: `latitude ${v[8]} / longitude ${v[9]} out of range (frame ${v[2]} is positional)` });
    }
    rows.push({ line: i + 1, v });
  }
  if (issues.length) {
    const shown = issues.slice(0, 12).map((x) => `${x.path}: ${x.message}`).join('; ');
    throw new MissionFileError('WPL_INVALID', `invalid WPL file: ${shown}${issues.length > 12 ? `; and ${issues.length - 12} more` : ''}`, issues);
  }
  const first = rows[0]?.v;
  const want = options.convention ?? 'auto';
  const convention: WplConvention = want !== 'auto' ? want : version === 110 && first && first[3] === MAV_CMD.NAV_WAYPOINT && first[2] === MAV_FRAME.GLOBAL ? 'home-at-0' : 'no-home';
  const body = convention === 'home-at-0' ? rows.slice(1) : rows;
  const out: Record<MissionType, MissionItem[]> = { mission: [], fence: [], rally: [] };
  for (const { v } of body) {
    const type = typeOf(v[3]!);
    const pos = GLOBAL_FRAMES.has(v[2]!);
    out[type].push(planItem(type, out[type].length, {
      current: v[1]!, frame: v[2]!, command: v[3]!, param1: v[4]!, param2: v[5]!, param3: v[6]!, param4: v[7]!,
      x: pos ? e7(v[8]!) : Math.round(v[8]!), y: pos ? e7(v[9]!) : Math.round(v[9]!), z: v[10]!, autocontinue: v[11]!,
    }));
  }
  const home = convention === 'home-at-0' && first ? { lat: first[8]!, lon: first[9]!, altAmslM: first[10]! } : undefined;
  return { version, convention, ...(home ? { home } : {}), mission: out.mission, fence: out.fence, rally: out.rally };
}

const fmt = (v: number): string => (Number.isNaN(v) ? 'nan' : String(v));

/**
 * Write items as QGC WPL 110: tabs, `\r\n`. With `home` the QGC/ArduPilot convention (home at
 * line 0, items from line 1); without it the MAVSDK convention (line 0 = first item).
 * @example writeWpl(items, { home: { lat: 53.5508, lon: 9.9925, altAmslM: 10 } }).split('\r\n')[1] // → '0\t1\t0\t16\t0\t0\t0\t0\t53.5508\t9.9925\t10\t1'
 */
export function writeWpl(items: readonly MissionItem[], options: { home?: { lat: number; lon: number; altAmslM: number } } = {}): string {
  const rows: string[] = ['QGC WPL 110'];
  const h = options.home;
  if (h) rows.push([0, 1, 0, 16, 0, 0, 0, 0, h.lat, h.lon, h.altAmslM, 1].map(fmt).join('\t'));
  items.forEach((it) => {
    const pos = GLOBAL_FRAMES.has(it.frame);
    rows.push([rows.length - 1, it.current, it.frame, it.command, it.param1, it.param2, it.param3, it.param4, pos ? fromE7(it.x) : it.x, pos ? fromE7(it.y) : it.y, it.z, it.autocontinue].map(fmt).join('\t'));
  });
  return `${rows.join('\r\n')}\r\n`;
}
