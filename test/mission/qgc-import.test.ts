/** .plan import degrades gracefully, keeps meaning, names item and field; export keeps QGC's altitude fields. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MissionFileError } from '../../src/mission/errors.js';
import { parseQgcPlan } from '../../src/mission/qgc-plan.js';
import { toQgcPlan } from '../../src/mission/qgc-plan-export.js';
import { qgcReads } from './loader-oracles.js';

const HOME = [53.5511, 9.9937, 10];
const plan = (items: unknown[], extra: object = {}) => ({
  fileType: 'Plan', version: 1, groundStation: 'QGroundControl',
  mission: { version: 2, firmwareType: 12, vehicleType: 2, cruiseSpeed: 15, hoverSpeed: 5, globalPlanAltitudeMode: 1, plannedHomePosition: HOME, items },
  geoFence: { version: 2, polygons: [], circles: [] }, rallyPoints: { version: 2, points: [] }, ...extra,
});
const wp = (lat: number, lon: number, alt: number | null, more: object = {}) => ({ type: 'SimpleItem', command: 16, frame: 3, params: [0, 0, 0, null, lat, lon, alt], autoContinue: true, ...more });
const alt = (mode: number, altitude: number | null, frame: number, z: number | null) => wp(53.552, 9.994, z, { frame, AltitudeMode: mode, Altitude: altitude, AMSLAltAboveTerrain: null });

function refusal(input: unknown): MissionFileError {
  try {
    parseQgcPlan(input);
  } catch (e) {
    if (e instanceof MissionFileError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('parseQgcPlan: errors name item and field, all at once', () => {
  it('lat 91 and lon 181 → PLAN_INVALID naming both paths and items', () => {
    const e = refusal(plan([wp(53.55, 9.99, 30), wp(91, 9.99, 30), wp(53.55, 181, 30)]));
    expect(e.code).toBe('PLAN_INVALID');
    expect(e.issues).toEqual([
      { path: 'mission.items.1.params.4', message: 'latitude 91 is out of range −90…90 (item 1)' },
      { path: 'mission.items.2.params.5', message: 'longitude 181 is out of range −180…180 (item 2)' },
    ]);
  });

  it.each([
    ['a waypoint without any altitude', [wp(53.55, 9.99, null)], 'mission.items.0.params.6', /params\[6\] \(altitude\) is null and no Altitude is given: command 16 needs a height \(item 0\)/],
    ['an unknown AltitudeMode', [alt(7, 30, 3, 30)], 'mission.items.0.AltitudeMode', /AltitudeMode 7 must be one of 0–5/],
    ['a string param', [wp(53.55, 9.99, 30, { params: [0, 0, 0, 'x', 53.55, 9.99, 30] })], 'mission.items.0.params.3', /params\[3\] \(param4\) "x" is not a finite number or null/],
    ['a number beyond double range', ['{"type":"SimpleItem","command":16,"frame":3,"params":[1e400,0,0,null,53.55,9.99,30],"autoContinue":true}'], 'mission.items.0.params.0', /is not a finite number or null/],
    ['an item that is not an object', [42], 'mission.items.0', /is not an object/],
    ['an unknown item type', [{ type: 'Waypoint' }], 'mission.items.0.type', /"Waypoint" is neither SimpleItem nor ComplexItem/],
    ['autoContinue as a number', [wp(53.55, 9.99, 30, { autoContinue: 1 })], 'mission.items.0.autoContinue', /must be true or false/],
  ])('%s → PLAN_INVALID at %s', (_, items, path, message) => {
    const json = typeof items[0] === 'string' ? JSON.parse(JSON.stringify(plan([])).replace('"items":[]', `"items":[${items[0]}]`)) : plan(items);
    const e = refusal(json);
    expect(e.code).toBe('PLAN_INVALID');
    expect(e.issues.map((i) => i.path)).toContain(path);
    expect(e.message).toMatch(message);
  });

  it('hostile plans never throw anything but MissionFileError (fast-check)', () => {
    const value = fc.oneof(fc.constant(null), fc.double(), fc.integer(), fc.string(), fc.boolean(), fc.jsonValue());
    const item = fc.record({ type: fc.constantFrom('SimpleItem', 'ComplexItem', 'missionItem', 'x'), command: value, frame: fc.oneof(fc.constantFrom(0, 2, 3, 6, 10, 11), value), params: fc.array(value, { maxLength: 8 }), autoContinue: value, AltitudeMode: value, Altitude: value, coordinate: fc.array(value, { maxLength: 4 }), TransectStyleComplexItem: fc.record({ Items: fc.array(value, { maxLength: 3 }) }) }, { requiredKeys: ['type'] });
    fc.assert(fc.property(fc.array(item, { maxLength: 6 }), fc.jsonValue(), fc.jsonValue(), (items, fence, rally) => {
      try {
        const p = parseQgcPlan(plan(items, { geoFence: fence, rallyPoints: rally }));
        return p.mission.every((m) => Number.isFinite(m.x) && Number.isFinite(m.y));
      } catch (e) {
        return e instanceof MissionFileError && e.issues.every((i) => typeof i.path === 'string');
      }
    }), { numRuns: 400, seed: 13 });
  });
});

describe('parseQgcPlan: altitude modes keep their meaning', () => {
  it('AltitudeMode 3 with params[6] null → above terrain (frame 10), warned with item and field', () => {
    const p = parseQgcPlan(plan([alt(3, 80, 0, null)]));
    expect(p.mission[0]).toMatchObject({ frame: 10, z: 80 });
    expect(p.warnings).toEqual([expect.objectContaining({ path: 'mission.items.0.params.6', item: 0, field: 'params.6', message: expect.stringMatching(/80 m above the terrain .*not a height above home/) })]);
  });

  it('AltitudeMode 3 with the AMSL QGC computed → that AMSL (frame 0), and export keeps the CalcAboveTerrain fields', () => {
    const p = parseQgcPlan(plan([{ ...alt(3, 80, 0, 95.5), AMSLAltAboveTerrain: 95.5 }]));
    expect(p.mission[0]).toMatchObject({ frame: 0, z: 95.5 });
    expect(p.warnings[0]!.message).toMatch(/params\[6\] 95.5 m AMSL is what QGC computed .* for 80 m above the terrain/);
    expect(toQgcPlan(p).mission.items[0]).toMatchObject({ frame: 0, AltitudeMode: 3, Altitude: 80, AMSLAltAboveTerrain: 95.5, params: [0, 0, 0, null, 53.552, 9.994, 95.5] });
  });

  it('AltitudeMode 4 (terrain frame) is kept as frame 10 with the warning that it is not above home', () => {
    const p = parseQgcPlan(plan([alt(4, 40, 10, 40)]));
    expect(p.mission[0]).toMatchObject({ frame: 10, z: 40 });
    expect(p.warnings[0]!.message).toMatch(/frame 10 \(above terrain\): 40 m above the terrain .*not above home/);
  });

  it('mode/frame disagreement: the frame (what QGC uploads) decides, with a warning', () => {
    const p = parseQgcPlan(plan([alt(1, 60, 0, 60)]));
    expect(p.mission[0]).toMatchObject({ frame: 0, z: 60 });
    expect(p.warnings[0]).toMatchObject({ path: 'mission.items.0.AltitudeMode', item: 0, message: expect.stringMatching(/AltitudeMode 1 \(Relative \(above home\)\) disagrees with frame 0 \(AMSL\)/) });
  });

  it('Altitude ≠ params[6]: params[6] (uploaded) wins, warned; params[6] null with Altitude: Altitude, warned', () => {
    const a = parseQgcPlan(plan([alt(1, 50, 3, 60)]));
    expect([a.mission[0]!.z, a.warnings[0]!.message]).toEqual([60, expect.stringMatching(/Altitude 50 m differs from params\[6\] 60 m/)]);
    const b = parseQgcPlan(plan([alt(1, 50, 3, null)]));
    expect([b.mission[0]!.z, b.warnings[0]!.message]).toEqual([50, expect.stringMatching(/params\[6\] \(altitude\) is null; took Altitude 50 m/)]);
  });
});

describe('parseQgcPlan: versions and shapes', () => {
  it('a version-2 fence is kept when the rally block is version 1 (ignored with a warning)', () => {
    const fence = { version: 2, circles: [], polygons: [1, 2].map((k) => ({ inclusion: true, version: 1, polygon: [[53.55, 9.99 + k / 100], [53.56, 9.99 + k / 100], [53.56, 10 + k / 100]] })) };
    const p = parseQgcPlan(plan([wp(53.55, 9.99, 30)], { geoFence: fence, rallyPoints: { version: 1, points: [] } }));
    expect(p.fence).toHaveLength(6);
    expect(p.warnings.map((w) => w.path)).toEqual(['rallyPoints.version']);
  });

  it('a geoFence of version 3 is refused (QGC: "GeoFence supports version 2")', () => {
    expect(refusal(plan([], { geoFence: { version: 3, polygons: [], circles: [] } })).issues[0]!.path).toBe('geoFence.version');
  });

  it('QGC\'s V1 item shape (type missionItem, param1..param4, coordinate)', () => {
    const p = parseQgcPlan(plan([{ type: 'missionItem', command: 16, frame: 3, param1: 0, param2: 2, param3: 0, param4: 0, coordinate: [53.552, 9.994, 40], autoContinue: true }]));
    expect(p.mission[0]).toMatchObject({ command: 16, frame: 3, param2: 2, x: 535520000, y: 99940000, z: 40 });
  });

  it('a DO_JUMP into a complex item\'s generated items resolves to the flattened seq', () => {
    const survey = { type: 'ComplexItem', complexItemType: 'survey', version: 5, TransectStyleComplexItem: { Items: [wp(53.551, 9.99, 50, { doJumpId: 2 }), wp(53.552, 9.99, 50, { doJumpId: 3 })] } };
    const jump = { type: 'SimpleItem', command: 177, frame: 2, params: [3, 1, 0, 0, 0, 0, 0], autoContinue: true, doJumpId: 4 };
    const p = parseQgcPlan(plan([wp(53.55, 9.99, 30, { command: 22, doJumpId: 1 }), survey, jump]));
    expect(p.mission.map((m) => m.command)).toEqual([22, 16, 16, 177]);
    expect(p.mission[3]!.param1).toBe(2);
  });

  it('// and /* */ comments (PX4\'s fw_mission.plan; MAVSDK reads them) are dropped with a warning; strings keep their slashes', () => {
    const text = JSON.stringify(plan([wp(53.55, 9.99, 30, { note: 'http://x/*y*/' })]), null, 2).replace('"command": 16,', '"command": 16, // a waypoint\n/* block */');
    const p = parseQgcPlan(text);
    expect(p.mission.map((m) => [m.command, m.z])).toEqual([[16, 30]]);
    expect(p.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/comments.*MAVSDK.*QGroundControl refuses/)]);
    expect(refusal('{"fileType": "Plan", // x\n').message).toMatch(/^not a \.plan file: the JSON does not parse \(/);
    expect(refusal('{"a": 1,}').code).toBe('PLAN_INVALID');
  });

  it('QGC\'s old .mission file (no fileType, items at the top, version 2) is read as QGC does; other shapes stay refused', () => {
    const old = { groundStation: 'QGroundControl', firmwareType: 3, version: 2, plannedHomePosition: HOME, items: [{ type: 'SimpleItem', command: 16, frame: 3, params: [0, 0, 0, 0], coordinate: [53.552, 9.994, 40], autoContinue: true }] };
    const p = parseQgcPlan(JSON.stringify(old));
    expect(p.mission.map((m) => [m.command, m.frame, m.z])).toEqual([[16, 3, 40]]);
    expect([p.plannedHome, p.firmwareType, p.fence, p.rally]).toEqual([{ lat: 53.5511, lon: 9.9937, altAmslM: 10 }, 3, [], []]);
    expect(p.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^an old QGroundControl \.mission file/)]);
    expect(refusal({ ...old, version: 1 }).issues.map((i) => i.path)).toContain('fileType');
    expect(refusal({ ...old, fileType: 'Mission' }).issues.map((i) => i.path)).toContain('fileType');
  });

  it('frame-2 items with fractional params[4]/[5] (a DO_LAND_START lat/lon) keep MAVSDK\'s integers, warned with item and field', () => {
    const landStart = { type: 'SimpleItem', command: 189, frame: 2, params: [1, -40, 1, null, 47.39697, 8.54505, 15], autoContinue: true };
    const p = parseQgcPlan(plan([wp(53.55, 9.99, 30), landStart, { ...landStart, params: [0, 0, 0, 0, 0, 3, 0] }]));
    expect(p.mission.slice(1).map((m) => [m.x, m.y])).toEqual([[47, 8], [0, 3]]); // truncated, as MAVSDK does
    expect(parseQgcPlan(plan([wp(0, 0, 30, { command: 22 })])).warnings.map((w) => w.path)).toEqual(['mission.items.0.params.4']); // takeoff at 0°/0°
    expect(Object.is(parseQgcPlan(plan([wp(53.55, 9.99, 30, { params: [0, 0, -0, null, 53.55, 9.99, 30] })])).mission[0]!.param3, 0)).toBe(true);
    expect(p.warnings).toEqual([expect.objectContaining({ path: 'mission.items.1.params.4', item: 1, field: 'params.4', message: expect.stringMatching(/x\/y 47\/8, as MAVSDK sends them; QGroundControl sends them ×10⁷ \(473969700\/85450500\)/) })]);
  });
});

describe('loader oracle sanity', () => {
  it('QGC\'s reading flags the old export shape (frame 6, no AltitudeMode) as shown AMSL but flown above home', () => {
    const r = qgcReads({ version: 1, mission: { version: 2, items: [{ type: 'SimpleItem', command: 16, frame: 6, params: [0, 0, 0, null, 53.55, 9.99, 60], autoContinue: true }] } });
    expect(r.items).toEqual([{ shown: 'amsl', flies: 'home', friendly: false }]);
  });
});
