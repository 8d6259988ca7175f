/**
 * Mission files from the open world (session 7, redteam): variants real tools write that were
 * refused, and hostile values that were accepted and would have changed meaning on the wire.
 * - A WPL line's frame, command, current and autocontinue are uint8/uint16 on the wire: frame 256
 *   became 0 (GLOBAL) and command 65552 became 16 (WAYPOINT) — items the validation skipped as
 *   unknown. Params and z are float32 (1e39 → Infinity); a frame-2 x/y is int32.
 * - A waypoint whose lat/lon is null/nan was imported as 0°/0° without a word (.plan) or as NaN (WPL).
 * - A `.plan` with a UTF-8 byte order mark, or with QGC's null (NaN) home altitude, was refused;
 *   a WPL file with classic-Mac `\r` line ends was not read.
 */
import { describe, expect, it } from 'vitest';
import { MissionFileError } from '../../src/mission/errors.js';
import { parseQgcPlan } from '../../src/mission/qgc-plan.js';
import { parseWpl } from '../../src/mission/wpl.js';

const HOME_ROW = '0\t1\t0\t16\t0\t0\t0\t0\t53.6\t9.95\t10\t1';
const wpl = (...rows: string[]): string => ['QGC WPL 110', HOME_ROW, ...rows].join('\r\n') + '\r\n';
const line = (...f: (number | string)[]): string => f.join('\t');
const plan = (items: unknown[], home: unknown[] = [53.6, 9.95, 10]) =>
  JSON.stringify({ fileType: 'Plan', version: 1, groundStation: 'QGroundControl', mission: { version: 2, firmwareType: 12, vehicleType: 2, cruiseSpeed: 15, hoverSpeed: 5, globalPlanAltitudeMode: 1, plannedHomePosition: home, items }, geoFence: { version: 2, polygons: [], circles: [] }, rallyPoints: { version: 2, points: [] } });
const wp = (params: unknown[], more: object = {}) => ({ type: 'SimpleItem', command: 16, frame: 3, params, autoContinue: true, doJumpId: 1, ...more });

function refusal(f: () => unknown): MissionFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof MissionFileError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('WPL: values that would wrap or overflow on the wire are refused, naming line and field', () => {
  it.each([
    ['frame 256 (uint8: would become 0 GLOBAL)', line(1, 0, 256, 16, 0, 0, 0, 0, 53.6, 9.95, 30, 1), /field 3 \(COORD_FRAME\) "256" is out of range: MISSION_ITEM_INT carries it as uint8 \(0–255\)/],
    ['frame -1', line(1, 0, -1, 16, 0, 0, 0, 0, 53.6, 9.95, 30, 1), /field 3 \(COORD_FRAME\) "-1" is out of range/],
    ['command 65552 (uint16: would become 16 WAYPOINT)', line(1, 0, 3, 65552, 0, 0, 0, 0, 53.6, 9.95, 30, 1), /field 4 \(COMMAND\) "65552" is out of range: MISSION_ITEM_INT carries it as uint16 \(0–65535\)/],
    ['autocontinue 300', line(1, 0, 3, 16, 0, 0, 0, 0, 53.6, 9.95, 30, 300), /field 12 \(AUTOCONTINUE\) "300" is out of range: MISSION_ITEM_INT carries it as uint8/],
    ['param1 1e39 (float32: would become Infinity)', line(1, 0, 3, 16, 1e39, 0, 0, 0, 53.6, 9.95, 30, 1), /field 5 \(PARAM1\) "1e\+39" is out of range: MISSION_ITEM_INT carries it as float32/],
    ['altitude -1e39', line(1, 0, 3, 16, 0, 0, 0, 0, 53.6, 9.95, -1e39, 1), /field 11 \(PARAM7\/Z\/ALTITUDE\) "-1e\+39" is out of range/],
    ['frame-2 x 1e20 (int32)', line(1, 0, 2, 3000, 0, 0, 0, 0, 1e20, 0, 0, 1), /fields 9\/10 \(X\/Y\) 100000000000000000000\/0 do not fit MISSION_ITEM_INT's int32/],
    ['a waypoint at nan/nan', line(1, 0, 3, 16, 0, 0, 0, 0, 'nan', 'nan', 30, 1), /fields 9\/10 \(latitude\/longitude\) are nan: command 16 flies to its position/],
    ['a loiter at nan latitude', line(1, 0, 3, 19, 5, 0, 0, 0, 'nan', 9.95, 30, 1), /are nan: command 19 flies to its position/],
  ])('%s', (_name, row, message) => {
    const e = refusal(() => parseWpl(wpl(row)));
    expect(e.code).toBe('WPL_INVALID');
    expect(e.issues).toEqual([{ path: 'line 3', message: expect.stringMatching(message) }]);
  });

  it('the largest values that fit are kept exactly', () => {
    const w = parseWpl(wpl(line(1, 1, 3, 65535, 3.4e38, 0, 0, 0, 53.6, 9.95, 30, 255), line(2, 0, 2, 3000, 0, 0, 0, 0, 2147483647, -2147483647, 0, 1)));
    expect(w.mission.map((m) => [m.current, m.command, m.param1, m.autocontinue, m.x, m.y])).toEqual([[1, 65535, 3.4e38, 255, 536000000, 99500000], [0, 3000, 0, 1, 2147483647, -2147483647]]);
  });

  it('a takeoff and a ROI at nan/nan: x/y 0 (MISSION_ITEM_INT has no NaN), the takeoff warned as 0°/0°', () => {
    const w = parseWpl(wpl(line(1, 0, 3, 22, 0, 0, 0, 0, 'nan', 'nan', 30, 1), line(2, 0, 3, 201, 0, 0, 0, 0, 'nan', 'nan', 0, 1)));
    expect(w.mission.map((m) => [m.command, m.x, m.y])).toEqual([[22, 0, 0], [201, 0, 0]]);
    expect(w.warnings.map((x) => x.message)).toEqual([expect.stringMatching(/line 3 \(item 0\): command 22 at 0°\/0° \(nan: sent as 0°\/0°\)/)]);
  });

  it('classic Mac line ends (\\r) are read like \\r\\n', () => {
    const text = wpl(line(1, 0, 3, 16, 0, 0, 0, 0, 53.61, 9.96, 30, 1));
    const cr = parseWpl(text.replace(/\r\n/g, '\r'));
    expect(cr).toEqual(parseWpl(text));
    expect(cr.mission).toHaveLength(1);
  });
});

describe('.plan: open-world variants and wire-range values', () => {
  const good = [wp([0, 0, 0, null, 53.61, 9.96, 30])];

  it('a UTF-8 byte order mark before the JSON is skipped (no comment warning)', () => {
    const p = parseQgcPlan(`\uFEFF${plan(good)}`);
    expect(p.mission).toHaveLength(1);
    expect(p.warnings).toEqual([]);
  });

  it("QGC's null home altitude (NaN) is read as unknown, with a warning; the items are unchanged", () => {
    const p = parseQgcPlan(plan(good, [53.6, 9.95, null]));
    expect(p.plannedHome.lat).toBe(53.6);
    expect(p.plannedHome.altAmslM).toBeNaN();
    expect(p.mission).toEqual(parseQgcPlan(plan(good)).mission);
    expect(p.warnings.map((w) => w.path)).toEqual(['mission.plannedHomePosition.2']);
    // the position of home is still required
    expect(refusal(() => parseQgcPlan(plan(good, [null, 9.95, 10]))).issues?.[0]?.path).toBe('mission.plannedHomePosition.0');
  });

  it.each([
    ['a waypoint with null latitude and longitude', wp([0, 0, 0, null, null, null, 30]), 'mission.items.0.params.4', /command 16 flies to its latitude\/longitude, which are null \(null, null\)/],
    ['a loiter-to-alt with null longitude', wp([0, 0, 0, null, 53.6, null, 30], { command: 31 }), 'mission.items.0.params.4', /command 31 flies to its latitude\/longitude/],
    ['param2 1e39 on DO_CHANGE_SPEED', wp([1, 1e39, -1, 0, 0, 0, 0], { command: 178, frame: 2 }), 'mission.items.0.params.1', /params\[1\] \(param2\) 1e\+39 does not fit MISSION_ITEM_INT's float32/],
    ['altitude 1e39', wp([0, 0, 0, null, 53.6, 9.95, 1e39]), 'mission.items.0.params.6', /params\[6\] \(altitude\) 1e\+39 does not fit/],
  ])('%s → PLAN_INVALID at %s', (_name, item, path, message) => {
    const e = refusal(() => parseQgcPlan(plan([item])));
    expect(e.code).toBe('PLAN_INVALID');
    expect(e.issues).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('a takeoff and a land with null positions are kept (as 0°/0°) and warned', () => {
    const p = parseQgcPlan(plan([wp([0, 0, 0, null, null, null, 30], { command: 22 }), wp([0, 0, 0, null, null, null, 0], { command: 21, doJumpId: 2 })]));
    expect(p.mission.map((m) => [m.command, m.x, m.y])).toEqual([[22, 0, 0], [21, 0, 0]]);
    expect(p.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/command 22 at 0°\/0° \(null: sent as 0°\/0°\)/), expect.stringMatching(/command 21 at 0°\/0° \(null: sent as 0°\/0°\)/)]);
  });
});
