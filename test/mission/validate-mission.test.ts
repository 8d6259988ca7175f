import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAirspaceIndex, importEd269, parseOperationProfile } from '../../src/airspace/index.js';
import { e7, planItem } from '../../src/mission/mav.js';
import { parseQgcPlan } from '../../src/mission/qgc-plan.js';
import { validateMission } from '../../src/mission/validate-mission.js';
import { circleZone, offset } from './fixtures/routes.js';

const root = join(import.meta.dirname, '../..');
const hamburg = createAirspaceIndex(importEd269(JSON.parse(readFileSync(join(root, 'missions/airspace/hamburg.ed269.json'), 'utf8'))).zones);
const profile = (consents: string[] = []) => parseOperationProfile({ category: 'specific', atcClearance: 'individual', departureTime: '2026-05-04T08:00:00Z', consents });
const OPTS = { homeAmslM: 10, groundSpeedMps: 10 };

/** A hand-made mission: takeoff, waypoints [lat, lon, z], land at the last one. Frame 6 unless given. */
function mission(points: Array<readonly [number, number, number]>, frame = 6) {
  const [h, ...rest] = points;
  return [
    planItem('mission', 0, { command: 22, frame: 6, param4: Number.NaN, x: e7(h![0]), y: e7(h![1]), z: h![2] }),
    ...rest.map(([la, lo, z], k) => planItem('mission', k + 1, { command: 16, frame, x: e7(la), y: e7(lo), z })),
    planItem('mission', rest.length + 1, { command: 21, frame: 6, x: e7(rest[rest.length - 1]![0]), y: e7(rest[rest.length - 1]![1]), z: 0 }),
  ];
}
const H2 = mission([[53.5914, 9.9767, 60], [53.5592, 10.0181, 60]]);

describe('validateMission', () => {
  it.each([
    ['H2 without consents: both hospitals, at takeoff and landing', H2, profile(), false, [[0, 'HHH01', 'LUFTVO-21H-3-10'], [1, 'HHH01', 'LUFTVO-21H-3-10'], [1, 'HHH02', 'LUFTVO-21H-3-10'], [2, 'HHH02', 'LUFTVO-21H-3-10']]],
    ['H2 with consents HHH01, HHH02', H2, profile(['HHH01', 'HHH02']), true, []],
    ['H2 at 150 m: over the ceiling on the cruise leg', mission([[53.5914, 9.9767, 150], [53.5592, 10.0181, 150]]), profile(['HHH01', 'HHH02']), false, [[0, undefined, 'HEIGHT-CEILING-120'], [1, undefined, 'HEIGHT-CEILING-120'], [2, undefined, 'HEIGHT-CEILING-120']]],
    ['frame 0 (AMSL 70 m = 60 m AGL) is the same flight', mission([[53.5914, 9.9767, 60], [53.5592, 10.0181, 70]], 0), profile(['HHH01', 'HHH02']), true, []],
  ])('%s', (_, items, prof, ok, expected) => {
    const v = validateMission(items, hamburg, prof, OPTS);
    expect(v.ok).toBe(ok);
    const got = v.violations.filter((x) => x.kind === 'obstacle').map((x) => [x.seq, x.zoneId, x.ruleId]);
    expect(new Set(got.map((g) => JSON.stringify(g)))).toEqual(new Set(expected.map((g) => JSON.stringify(g))));
  });

  it('the imported Rathaus plan starts inside the Rathaus zone HHG01 (no consent in this profile)', () => {
    const v = validateMission(parseQgcPlan(readFileSync(join(root, 'missions/plans/rathaus-delivery.plan'), 'utf8')).mission, hamburg, profile(), OPTS);
    expect(v.ok).toBe(false);
    expect(v.violations.some((x) => x.zoneId === 'HHG01' && x.seq === 0 && /^LUFTVO-21H-3-4$/.test(x.ruleId))).toBe(true);
    expect(v.legs.map((l) => l.command)).toEqual([22, 16, 16, 16, 21]);
  });

  it('names the item of each leg: a prohibited zone under waypoint 2 only', () => {
    const home = { lat: 53.55, lon: 10.0 };
    const a = offset(home, 0, 500), b = offset(home, 0, 1000);
    const index = createAirspaceIndex([circleZone('TST02', offset(home, 0, 1000), 100)]);
    const items = mission([[home.lat, home.lon, 40], [a.lat, a.lon, 40], [b.lat, b.lon, 40]]);
    const v = validateMission(items, index, profile(), OPTS);
    expect(v.violations.map((x) => [x.seq, x.zoneId, x.ruleId, x.kind])).toEqual([[2, 'TST02', 'ZONE-PROHIBITED', 'obstacle'], [3, 'TST02', 'ZONE-PROHIBITED', 'obstacle']]);
  });

  it('home away from the take-off item: PX4 climbs at home, then flies level to the item (Mission::handleTakeoff); a zone on that move is named on item 0', () => {
    const start = { lat: 53.55, lon: 10.0 };
    const home = offset(start, 0, -250); // 250 m west of the take-off item
    const a = offset(start, 0, 500);
    const items = mission([[start.lat, start.lon, 40], [a.lat, a.lon, 40]]);
    const at = (p: { lat: number; lon: number; altAglM: number }): number[] => [+p.lat.toFixed(5), +p.lon.toFixed(5), Math.round(p.altAglM)];
    const v = validateMission(items, createAirspaceIndex([]), profile(), { ...OPTS, home });
    expect(v.legs.map((l) => [l.seq, at(l.from), at(l.to)])).toEqual([
      [0, at({ ...home, altAglM: 0 }), at({ ...home, altAglM: 40 })],
      [0, at({ ...home, altAglM: 40 }), at({ ...start, altAglM: 40 })],
      [1, at({ ...start, altAglM: 40 }), at({ ...a, altAglM: 40 })],
      [2, at({ ...a, altAglM: 40 }), at({ ...a, altAglM: 0 })],
    ]);
    // a prohibited zone between home and the take-off item: only the move to the item enters it
    const between = createAirspaceIndex([circleZone('TST03', offset(start, 0, -125), 40)]);
    expect(validateMission(items, between, profile(), { ...OPTS, home }).violations.map((x) => [x.seq, x.zoneId, x.kind])).toEqual([[0, 'TST03', 'obstacle']]);
    expect(validateMission(items, between, profile(), OPTS).ok).toBe(true); // home on the item: no such move
  });

  it('follows DO_JUMP with its repeat count and RTL home', () => {
    const base = H2.slice(0, 2);
    const items = [...base, planItem('mission', 2, { command: 177, frame: 2, param1: 1, param2: 2 }), planItem('mission', 3, { command: 20, frame: 2 })];
    const v = validateMission(items, hamburg, profile(['HHH01', 'HHH02']), OPTS);
    expect(v.legs.map((l) => l.seq)).toEqual([0, 1, 3, 3]);
    expect(v.ok).toBe(true);
    const forever = validateMission([...base, planItem('mission', 2, { command: 177, frame: 2, param1: 1, param2: -1 })], hamburg, profile(['HHH01', 'HHH02']), OPTS);
    expect(forever.warnings.join()).toMatch(/repeats forever/);
  });

  it('a terrain-frame item is judged above the terrain and warned that PX4 refuses the upload', () => {
    const terrain = mission([[53.5914, 9.9767, 60], [53.5592, 10.0181, 60]], 10);
    const v = validateMission(terrain, hamburg, profile(['HHH01', 'HHH02']), OPTS);
    expect(v.ok).toBe(true);
    expect(v.warnings).toEqual([expect.stringMatching(/^item\(s\) 1 use a terrain frame .*PX4 v1\.16 refuses .*MAV_MISSION_UNSUPPORTED_FRAME/)]);
    expect(validateMission(H2, hamburg, profile(['HHH01', 'HHH02']), OPTS).warnings).toEqual([]);
  });

  it('does not mutate its input', () => {
    const before = structuredClone(H2);
    validateMission(H2, hamburg, profile(), OPTS);
    expect(H2).toEqual(before);
  });
});
