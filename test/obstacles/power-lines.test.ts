/**
 * Linear structures (power lines) in every layer: the clearance rule measures from the line's
 * corridor (path + half-width); the planner goes round the end of a high line or raises the leg
 * over a low one; mission validation names the line; a live vehicle beside it raises
 * IN_OBSTACLE_CLEARANCE.
 */
import { describe, expect, it } from 'vitest';
import { initialVehicleState } from '../../firmware-bridge/vehicle/state.js';
import { checkObstacleClearance } from '../../src/fleet/obstacle-alert.js';
import { createLocalFrame } from '../../src/geo/local-frame.js';
import { toGeodetic } from '../../src/geo/to-geodetic.js';
import { e7, planItem } from '../../src/mission/mav.js';
import { obstacleSetFor } from '../../src/mission/obstacle-check.js';
import { validateMission } from '../../src/mission/validate-mission.js';
import { compileObstacles, DEFAULT_OBSTACLE_CLEARANCE, segmentConflicts, type Obstacle } from '../../src/obstacles/index.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { PlanRequest, Route } from '../../src/planner/types.js';
import { hamburgIndex, profile, vehicle } from '../planner/helpers.js';

const index = hamburgIndex();
const frame = createLocalFrame({ lat: 53.5625, lon: 9.976 });
const ll = (eastM: number, northM: number): [number, number] => { const p = toGeodetic(frame, { eastM, northM }); return [p.lon, p.lat]; };
/** A line from (x0, y0) through (x1, y1) to (x2, y2), metres around the frame origin. */
const powerLine = (id: string, heightM: number, pts: Array<[number, number]>, radiusM = 10): Obstacle => ({
  id, name: `line ${id}`, type: 'TRANSMISSION_LINE', source: 'test', top: { heightM, ref: 'AGL' }, footprint: { kind: 'line', path: pts.map(([x, y]) => ll(x, y)), radiusM },
});
const req: PlanRequest = { from: { lat: 53.56, lon: 9.97 }, to: { lat: 53.565, lon: 9.982 }, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents: ['HHA01'] }), mode: 'land' };
const ok = (r: ReturnType<typeof planRoute>): Route => { if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message}`); return r.route; };
// a bent line crossing the straight route (which runs SW → NE through the origin), ~2.4 km long
const across: Array<[number, number]> = [[-900, 900], [0, 0], [900, -700]];

describe('power lines', () => {
  it.each([
    // the first span runs from (-900, 900) to the origin, on x + y = 0
    { rule: 'crossing the line below its top + clearance → conflict', a: [-300, 0], b: [300, 0], alt: 60, conflict: true },
    { rule: 'parallel, 55 m from the span (10 m half-width + 50 m clearance = 60 m) → conflict', a: [-600, 677.8], b: [-300, 377.8], alt: 60, conflict: true },
    { rule: 'parallel, 70 m from the span → fine', a: [-600, 699], b: [-300, 399], alt: 60, conflict: false },
    { rule: 'across the line\'s extension 55 m beyond its last pylon → conflict (round end cap)', a: [-1038.9, 838.9], b: [-838.9, 1038.9], alt: 60, conflict: true },
    { rule: 'across the line\'s extension 70 m beyond its last pylon → fine', a: [-1049.5, 849.5], b: [-849.5, 1049.5], alt: 60, conflict: false },
    { rule: 'crossing above top + vertical clearance → fine', a: [-300, 0], b: [300, 0], alt: 95, conflict: false },
  ])('$rule', ({ a, b, alt, conflict }) => {
    const set = compileObstacles([powerLine('L', 40, across)], frame, () => 10, DEFAULT_OBSTACLE_CLEARANCE);
    const [alon, alat] = ll(a[0]!, a[1]!), [blon, blat] = ll(b[0]!, b[1]!);
    const c = segmentConflicts(set, { lat: alat, lon: alon, altAglM: alt }, { lat: blat, lon: blon, altAglM: alt });
    expect(c.length > 0).toBe(conflict);
  });

  it('a high line (top 150 m, 200 m above the ceiling with its clearance) is gone round at its end, keeping the corridor clearance', () => {
    const line = powerLine('HIGH', 150, across);
    const route = ok(planRoute(req, { index, obstacles: { list: [line] } }));
    const set = compileObstacles([line], index.frame, () => 10, DEFAULT_OBSTACLE_CLEARANCE);
    expect(route.legs.flatMap((l) => segmentConflicts(set, l.from, l.to))).toEqual([]);
    expect(route.warnings.join('\n')).toMatch(/went round line HIGH \(HIGH, top 150 m AGL\); overflying would need 200 m AGL/);
    expect(route.obstacles?.passed.find((p) => p.id === 'HIGH')).toMatchObject({ inBand: true });
  });

  it('a low line (top 35 m) is overflown on the leg that crosses it (85 m AGL there, 60 m elsewhere)', () => {
    const line = powerLine('LOW', 35, across);
    const route = ok(planRoute(req, { index, obstacles: { list: [line] } }));
    const set = compileObstacles([line], index.frame, () => 10, DEFAULT_OBSTACLE_CLEARANCE);
    expect(route.legs.flatMap((l) => segmentConflicts(set, l.from, l.to))).toEqual([]);
    expect(route.warnings.join('\n')).toMatch(/leg raised to 85 m AGL over 0\.\d of 1 km \(60 m AGL elsewhere\) to overfly line LOW/);
  });

  it('mission validation names the line; a vehicle beside it raises IN_OBSTACLE_CLEARANCE', () => {
    const line = powerLine('HV1', 120, across);
    const items = [
      planItem('mission', 0, { command: 22, frame: 3, x: e7(req.from.lat), y: e7(req.from.lon), z: 60 }),
      planItem('mission', 1, { command: 16, frame: 3, x: e7(req.to.lat), y: e7(req.to.lon), z: 60 }),
    ];
    const v = validateMission(items, index, req.profile, { homeAmslM: 10, groundSpeedMps: 11, obstacles: { list: [line] } });
    expect(v.violations.find((x) => x.zoneId === 'HV1')).toMatchObject({ kind: 'obstacle', ruleId: 'OBSTACLE-CLEARANCE' });
    expect(v.violations.find((x) => x.zoneId === 'HV1')!.sentence).toMatch(/the leg passes 0 m from line HV1 \(HV1, transmission_line, top 120 m AGL\)/);
    const set = obstacleSetFor({ list: [line] }, frame, 10);
    const [lon, lat] = ll(30, 30); // 42 m from the path: within 10 + 50 m
    const vehicleState = { ...initialVehicleState(7), position: { lat, lon, altAmslM: 70, relAltM: 60 } };
    const alerts = checkObstacleClearance(set, vehicleState, 3);
    expect(alerts[0]).toMatchObject({ code: 'IN_OBSTACLE_CLEARANCE', key: 'HV1' });
    const [flon, flat] = ll(100, 100); // 141 m away
    expect(checkObstacleClearance(set, { ...vehicleState, position: { lat: flat, lon: flon, altAmslM: 70, relAltM: 60 } }, 3)).toEqual([]);
  });
});
