import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { qgcFrame } from '../../src/mission/altitude-mode.js';
import { buildMission } from '../../src/mission/build-mission.js';
import { MissionFileError } from '../../src/mission/errors.js';
import { buildGeofence } from '../../src/mission/fence.js';
import { parseQgcPlan } from '../../src/mission/qgc-plan.js';
import { toQgcPlan, writeQgcPlan } from '../../src/mission/qgc-plan-export.js';
import { parseWpl, writeWpl } from '../../src/mission/wpl.js';
import { makeRoute, RATHAUS } from './fixtures/routes.js';

const read = (p: string): string => readFileSync(join(import.meta.dirname, p), 'utf8');
const RATHAUS_PLAN = read('../../missions/plans/rathaus-delivery.plan');
const QGC_SAMPLE = read('fixtures/qgc-sample.plan');
const HOME = { lat: 53.5508, lon: 9.9925, altAmslM: 10 };
const ROUTE = makeRoute(RATHAUS);
const MISSION = buildMission(ROUTE, { homeAmslM: 10 });
const FENCE = buildGeofence(ROUTE, { exclusionCircles: [{ center: { lat: 53.556, lon: 9.99 }, radiusM: 40 }] }).items;
const RALLY = parseQgcPlan(RATHAUS_PLAN).rally;

/** An item with its frame replaced by the one QGC writes (3 for 6, …): same height meaning. */
const canonical = (m: MissionItem): MissionItem => ({ ...m, frame: qgcFrame(m.frame) });

function code(f: () => unknown): { code: string; message: string; issues: readonly { path: string }[] } {
  try {
    f();
  } catch (e) {
    if (e instanceof MissionFileError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('QGC .plan export', () => {
  it('Rathaus plan (frame 6, written before AltitudeMode): parse → write → parse keeps every height\'s meaning', () => {
    const p = parseQgcPlan(RATHAUS_PLAN);
    expect(p.warnings.map((w) => w.message).join()).toMatch(/frame 6\/11 .*QGroundControl opens them as Absolute/);
    const doc = toQgcPlan(p);
    expect(doc.mission.items[2]).toMatchObject({ frame: 3, AltitudeMode: 1, Altitude: 60, AMSLAltAboveTerrain: null, params: [0, 0, 0, null, 53.553, 9.995, 60] });
    expect(doc.mission.globalPlanAltitudeMode).toBe(1);
    const back = parseQgcPlan(writeQgcPlan(p));
    expect(back.mission.map(canonical)).toEqual(p.mission.map(canonical));
    expect(back.warnings).toEqual([]);
    expect([back.fence, back.rally, back.plannedHome]).toEqual([p.fence, p.rally, p.plannedHome]);
  });

  it('built mission + fence + rally: write → parse is lossless', () => {
    const text = writeQgcPlan({ plannedHome: HOME, mission: MISSION, fence: FENCE, rally: RALLY, cruiseSpeedMps: 10, hoverSpeedMps: 5 });
    const back = parseQgcPlan(text);
    expect(back.mission.map(canonical)).toEqual(MISSION.map(canonical));
    expect(back.mission.filter((m) => m.frame === 6)).toEqual([]);
    expect(back.fence).toEqual(FENCE);
    expect(back.rally).toEqual(RALLY);
    expect(back.plannedHome).toEqual(HOME);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes the exact QGC field names and null for NaN', () => {
    const doc = toQgcPlan({ plannedHome: HOME, mission: MISSION });
    expect(Object.keys(doc).sort()).toEqual(['fileType', 'geoFence', 'groundStation', 'mission', 'rallyPoints', 'version']);
    expect(Object.keys(doc.mission).sort()).toEqual(['cruiseSpeed', 'firmwareType', 'globalPlanAltitudeMode', 'hoverSpeed', 'items', 'plannedHomePosition', 'vehicleType', 'version']);
    expect(doc.mission.items[0]).toEqual({ type: 'SimpleItem', command: 22, frame: 3, params: [0, 0, 0, null, 53.5508, 9.9925, 40], autoContinue: true, doJumpId: 1, AltitudeMode: 1, Altitude: 40, AMSLAltAboveTerrain: null });
    expect(doc.mission.items[1]).toEqual({ type: 'SimpleItem', command: 178, frame: 2, params: [1, 10, -1, 0, 0, 0, 0], autoContinue: true, doJumpId: 2 });
    expect(doc.mission.items.map((i) => i.doJumpId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('the minimal example of gcs-interop.md §4.1 reads and writes back unchanged', () => {
    const text = `{"fileType":"Plan","version":1,"groundStation":"QGroundControl",
 "mission":{"version":2,"firmwareType":12,"vehicleType":2,"cruiseSpeed":15,"hoverSpeed":5,
  "globalPlanAltitudeMode":1,"plannedHomePosition":[53.5511,9.9937,10],
  "items":[{"type":"SimpleItem","command":22,"frame":3,"params":[15,0,0,null,53.5511,9.9937,50],"autoContinue":true,"doJumpId":1,"AltitudeMode":1,"Altitude":50,"AMSLAltAboveTerrain":null}]},
 "geoFence":{"version":2,"polygons":[],"circles":[]},
 "rallyPoints":{"version":2,"points":[]}}`;
    const p = parseQgcPlan(text);
    expect(p.mission).toEqual([expect.objectContaining({ seq: 0, command: 22, frame: 3, param1: 15, x: 535511000, y: 99937000, z: 50 })]);
    expect(toQgcPlan(p)).toEqual(JSON.parse(text));
  });

  it('QGC sample shape: frame-2 items, DO_JUMP by doJumpId ↔ seq, fence polygon + circle, rally', () => {
    const p = parseQgcPlan(QGC_SAMPLE);
    expect(p.mission.map((i) => i.command)).toEqual([22, 16, 2000, 16, 177, 20]);
    expect(p.mission[4]).toMatchObject({ command: 177, param1: 1, param2: 2 }); // doJumpId 2 → seq 1
    expect(p.fence.map((f) => f.command)).toEqual([5001, 5001, 5001, 5001, 5004]);
    const again = toQgcPlan(p);
    expect(again.mission.items[4]!.params[0]).toBe(2);
    const back = parseQgcPlan(again);
    expect([back.mission, back.fence, back.rally, back.plannedHome]).toEqual([p.mission, p.fence, p.rally, p.plannedHome]);
  });

  it('renumbers doJumpIds from 1 and keeps jumps pointing at the same item', () => {
    const doc = JSON.parse(QGC_SAMPLE) as { mission: { items: { doJumpId: number; command: number; params: number[] }[] } };
    doc.mission.items.forEach((it, i) => (it.doJumpId = (i + 1) * 10));
    doc.mission.items[4]!.params[0] = 20;
    const p = parseQgcPlan(doc);
    expect(p.mission[4]!.param1).toBe(1);
    expect(toQgcPlan(p).mission.items[4]!.params[0]).toBe(2);
  });

  it.each([
    ['a DO_JUMP to a missing doJumpId', () => { const d = JSON.parse(QGC_SAMPLE); d.mission.items[4].params[0] = 42; return parseQgcPlan(d); }, 'PLAN_JUMP_TARGET_MISSING', /mission\.items\.4\.params\.0: DO_JUMP target: Could not find doJumpId 42/],
    ['exporting a DO_JUMP past the end', () => toQgcPlan({ plannedHome: HOME, mission: [{ ...MISSION[1]!, command: 177, param1: 9 }] }), 'PLAN_JUMP_TARGET_MISSING', /mission\[0\]: DO_JUMP to item 9/],
    ['a fence polygon run shorter than its count', () => toQgcPlan({ plannedHome: HOME, mission: [], fence: FENCE.slice(0, 3) }), 'PLAN_INVALID', /fence\[0\]: a polygon of \d+ vertices/],
    ['a mission command in the fence', () => toQgcPlan({ plannedHome: HOME, mission: [], fence: [MISSION[2]!] }), 'PLAN_UNSUPPORTED_ITEM', /fence\[0\]: command 16/],
    ['a ComplexItem without stored items', () => parseQgcPlan({ ...JSON.parse(QGC_SAMPLE), mission: { ...JSON.parse(QGC_SAMPLE).mission, items: [{ type: 'ComplexItem', complexItemType: 'StructureScan' }] } }), 'PLAN_UNSUPPORTED_ITEM', /mission\.items\.0: is a ComplexItem \(StructureScan\) without stored generated items/],
  ])('refuses %s, naming the field', (_, f, c, msg) => {
    const e = code(f);
    expect(e.code).toBe(c);
    expect(e.message).toMatch(msg);
  });

  it('does not mutate its input', () => {
    const input = { plannedHome: HOME, mission: MISSION, fence: FENCE, rally: RALLY };
    const before = structuredClone(input);
    writeQgcPlan(input);
    expect(input).toEqual(before);
  });
});

describe('QGC WPL 110', () => {
  it('QGC/ArduPilot convention: home at line 0, tabs and \\r\\n; round-trip lossless', () => {
    const text = writeWpl(MISSION, { home: HOME });
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('QGC WPL 110');
    expect(lines[1]).toBe('0\t1\t0\t16\t0\t0\t0\t0\t53.5508\t9.9925\t10\t1');
    expect(lines[2]).toBe('1\t0\t3\t22\t0\t0\t0\tnan\t53.5508\t9.9925\t40\t1');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const back = parseWpl(text);
    expect(back.convention).toBe('home-at-0');
    expect(back.home).toEqual(HOME);
    expect(back.mission.map(canonical)).toEqual(MISSION.map(canonical));
    expect(back.warnings).toEqual([]);
  });

  it('MAVSDK convention: line 0 is the first item; round-trip lossless', () => {
    const back = parseWpl(writeWpl(MISSION), { convention: 'no-home' });
    expect(back.convention).toBe('no-home');
    expect(back.home).toBeUndefined();
    expect(back.mission.map(canonical)).toEqual(MISSION.map(canonical));
  });

  it('reads the MAVSDK sample shape (takeoff at index 0 in frame 5, 16 waypoints, RTL; \\n line ends)', () => {
    const text = read('fixtures/mavsdk-style.waypoints');
    const asQgc = parseWpl(text);
    expect(asQgc.convention).toBe('home-at-0'); // QGC and Mission Planner: INDEX 0 of a 110 file is home
    expect(asQgc.warnings[0]!.message).toMatch(/line 2 \(INDEX 0, command 22, frame 5\) is taken as home.*MAVSDK would fly it/);
    const w = parseWpl(text, { convention: 'no-home' });
    expect(w.convention).toBe('no-home');
    expect(w.mission.map((i) => i.command)).toEqual([22, ...Array<number>(16).fill(16), 20]);
    expect(w.mission.map((i) => i.frame)).toEqual([...Array<number>(17).fill(5), 2]);
    expect(w.mission[0]).toMatchObject({ seq: 0, current: 1, x: 473977420, y: 85455940, z: 10 });
    expect(parseWpl(writeWpl(w.mission), { convention: 'no-home' }).mission.map(canonical)).toEqual(w.mission.map(canonical));
  });

  it('a file with home at line 0 reads differently as QGC (home) and as MAVSDK (every line an item)', () => {
    const text = read('fixtures/ardupilot-home.waypoints');
    const qgc = parseWpl(text);
    const mavsdk = parseWpl(text, { convention: 'no-home' });
    expect(qgc.home).toEqual({ lat: 53.5508, lon: 9.9925, altAmslM: 10 });
    expect(qgc.mission.map((i) => i.command)).toEqual([22, 16, 21]);
    expect(mavsdk.mission.map((i) => i.command)).toEqual([16, 22, 16, 21]);
  });

  it('reads spaces, commas, comments, blank lines and NaN spellings', () => {
    const text = 'QGC WPL 110\n# exported by hand\n\n0 1 0 16 0 0 0 0 53.5508 9.9925 10 1\n1,0,3,22,0,0,0,NaN,53.5508,9.9925,40,1\n2 , 0 , 3 , 21 , 0 , 0 , 0 , -nan , 53.553 , 9.995 , 0 , 1\n';
    const w = parseWpl(text);
    expect(w.mission.map((i) => i.command)).toEqual([22, 21]);
    expect(Number.isNaN(w.mission[0]!.param4) && Number.isNaN(w.mission[1]!.param4)).toBe(true);
  });

  it('splits fence and rally items (MAVProxy fence files)', () => {
    const w = parseWpl(writeWpl([...FENCE, ...RALLY]), { convention: 'no-home' });
    expect(w.fence).toEqual(FENCE.map((f) => ({ ...f })));
    expect(w.rally).toEqual(RALLY);
    expect(w.mission).toEqual([]);
  });

  it.each([
    ['a wrong header', 'QGC WPL 100\n', [/line 1: expected the header "QGC WPL 110"/]],
    ['a short line', 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53\t9.9\t10\n', [/line 2: 11 fields, expected 12/]],
    ['a word for a number', 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\tabc\t9.9\t10\t1\n', [/line 2: field 9 \(PARAM5\/X\/LATITUDE\) "abc" is not a number/]],
    ['a fractional command', 'QGC WPL 110\n0\t1\t0\t16.5\t0\t0\t0\t0\t53\t9.9\t10\t1\n', [/line 2: field 4 \(COMMAND\) "16.5" must be an integer/]],
    ['a latitude out of range', 'QGC WPL 110\n0\t1\t3\t16\t0\t0\t0\t0\t95\t9.9\t10\t1\n', [/line 2: field 9 \(PARAM5\/X\/LATITUDE\) 95 is out of range/]],
    ['a longitude out of range', 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53\t9.9\t10\t1\n1\t0\t3\t16\t0\t0\t0\t0\t53\t181\t10\t1\n', [/line 3: field 10 \(PARAM6\/Y\/LONGITUDE\) 181 is out of range/]],
    ['a waypoint without altitude', 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53\t9.9\t10\t1\n1\t0\t3\t16\t0\t0\t0\t0\t53\t9.9\tnan\t1\n', [/line 3: field 11 \(PARAM7\/Z\/ALTITUDE\) is nan: command 16 needs a height/]],
    ['a number beyond double range', 'QGC WPL 110\n0\t1\t0\t16\t1e400\t0\t0\t0\t53\t9.9\t10\t1\n', [/line 2: field 5 \(PARAM1\) "1e400" is out of range/]],
    ['several bad lines', 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53\t9.9\t10\t1\n1\t0\t3\t16\t0\t0\n\n3\t0\t3\t16\t0\t0\t0\t0\t53\tx\t10\t1\n', [/line 3: 6 fields/, /line 5: field 10/]],
  ])('refuses %s with WPL_INVALID naming every bad line', (_, text, patterns) => {
    const e = code(() => parseWpl(text));
    expect(e.code).toBe('WPL_INVALID');
    for (const p of patterns) expect(e.message).toMatch(p);
    expect(e.issues.every((i) => /^line \d+$/.test(i.path))).toBe(true);
  });

  it('`#` lines before the header (PX4\'s mavros missions): skipped, every line an item as mavros reads them, warned; other text there is still refused', () => {
    const w = parseWpl('# takeoff not at home\n\nQGC WPL 110\n0\t1\t3\t84\t15.0\t0\t0\t0\t47.3977\t8.5432\t12.0\t1\n1\t0\t3\t85\t0.0\t0.0\t-0.0\t0.0\t47.399\t8.5432\t0.0\t1\n');
    expect([w.convention, w.home, w.mission.map((m) => m.command)]).toEqual(['no-home', undefined, [84, 85]]);
    expect(Object.is(w.mission[1]!.param3, -0)).toBe(false); // `-0.0` is read as 0 (survives JSON and the wire)
    expect(w.warnings.map((x) => x.message)).toEqual([expect.stringMatching(/^the header is on line 3: lines 1–2 .* as mavros.*QGroundControl and Mission Planner refuse/)]);
    expect(code(() => parseWpl('mission\nQGC WPL 110\n')).message).toMatch(/^line 1: expected the header "QGC WPL 110", found "mission"/);
  });

  it('a frame-2 line with a fractional x/y (VTOL transition 3000 with a lat/lon) keeps MAVSDK\'s integers, warned with line and item', () => {
    const w = parseWpl('QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t47.39\t8.54\t12\t1\n1\t0\t2\t3000\t4\t0\t0\t0\t47.398\t8.5457\t12\t1\n2\t0\t2\t178\t1\t5\t-1\t0\t0\t0\t0\t1\n');
    expect(w.mission.map((m) => [m.command, m.x, m.y])).toEqual([[3000, 47, 8], [178, 0, 0]]); // truncated, as MAVSDK does
    expect(w.warnings).toEqual([expect.objectContaining({ path: 'line 3', item: 0, message: expect.stringMatching(/x\/y 47\.398\/8\.5457 in frame 2 \(no position\) become MISSION_ITEM_INT x\/y 47\/8, as MAVSDK sends them; QGroundControl sends them ×10⁷/) })]);
  });

  it('DO_JUMP in a home-at-0 file counts the home row (QGC/ArduPilot): read as target − 1 with a warning, written back + 1; a jump to home is refused', () => {
    const text = 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53.55\t9.99\t10\t1\n1\t0\t3\t22\t0\t0\t0\t0\t53.55\t9.99\t30\t1\n2\t0\t3\t16\t0\t0\t0\t0\t53.56\t9.99\t30\t1\n3\t0\t3\t177\t2\t-1\t0\t0\t0\t0\t0\t1\n';
    const w = parseWpl(text);
    expect(w.mission[2]).toMatchObject({ command: 177, param1: 1, param2: -1 }); // item 1 = the waypoint on line 2
    expect(w.warnings.map((x) => x.message)).toEqual([expect.stringMatching(/^line 5 \(item 2\): DO_JUMP target 2 counts the home row.*it is item 1$/)]);
    expect(writeWpl(w.mission, { home: w.home! }).split('\r\n')[4]).toBe('3\t0\t3\t177\t2\t-1\t0\t0\t0\t0\t0\t1');
    expect(parseWpl(writeWpl(w.mission), { convention: 'no-home' }).mission[2]!.param1).toBe(1); // no home row: seq as is
    expect(code(() => parseWpl(text.replace('177\t2\t', '177\t0\t'))).message).toMatch(/line 5: DO_JUMP target 0 is the home row/);
  });

  it('a takeoff at 0°/0° (ArduPilot: "here") is kept and warned; a DO command at 0/0 is not', () => {
    const w = parseWpl('QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53.55\t9.99\t10\t1\n1\t0\t3\t22\t10\t0\t0\t0\t0\t0\t30\t1\n2\t0\t3\t178\t0\t15\t0\t0\t0\t0\t0\t1\n');
    expect(w.mission.map((m) => [m.command, m.x, m.y])).toEqual([[22, 0, 0], [178, 0, 0]]);
    expect(w.warnings.map((x) => x.message)).toEqual([expect.stringMatching(/^line 3 \(item 0\): command 22 at 0°\/0°: ArduPilot reads it as "where the vehicle is", PX4 as a point/)]);
  });

  it('out-of-order INDEX: lines in file order, as QGC and Mission Planner load them, with a warning', () => {
    const w = parseWpl('QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53\t9.9\t10\t1\n5\t0\t3\t22\t0\t0\t0\t0\t53\t9.9\t30\t1\n2\t0\t3\t16\t0\t0\t0\t0\t53.01\t9.9\t30\t1\n');
    expect(w.mission.map((m) => [m.seq, m.command])).toEqual([[0, 22], [1, 16]]);
    expect(w.warnings.map((x) => x.message)).toEqual([expect.stringMatching(/^line 3: field 1 \(INDEX\) is 5, expected 1; lines are taken in file order/)]);
  });

  it('a 110 file whose line 0 is a plain item (command 0) takes it as home, not as a flown item', () => {
    const w = parseWpl('QGC WPL 110\n0\t1\t0\t0\t0\t0\t0\t0\t53.55\t9.99\t0\t1\n1\t0\t3\t22\t0\t0\t0\t0\t53.55\t9.99\t30\t1\n');
    expect(w.home).toEqual({ lat: 53.55, lon: 9.99, altAmslM: 0 });
    expect(w.mission.map((m) => m.command)).toEqual([22]);
    expect(w.warnings[0]!.message).toMatch(/line 2 \(INDEX 0, command 0, frame 0\) is taken as home/);
  });

  it('a terrain-frame line is kept with a warning that it is above terrain, not above home', () => {
    const w = parseWpl('QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53\t9.9\t10\t1\n1\t0\t10\t16\t0\t0\t0\t0\t53\t9.9\t40\t1\n');
    expect(w.mission[0]).toMatchObject({ frame: 10, z: 40 });
    expect(w.warnings).toEqual([expect.objectContaining({ path: 'line 3', item: 0, message: expect.stringMatching(/frame 10: 40 m above the terrain .*not above home/) })]);
  });

  it('does not mutate its input', () => {
    const before = structuredClone(MISSION);
    writeWpl(MISSION, { home: HOME });
    expect(MISSION).toEqual(before);
  });
});
