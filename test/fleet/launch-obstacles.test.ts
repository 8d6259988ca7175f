/**
 * Safety at launch: the launch path checks the exact mission items against the structures too. A
 * mission entering a structure's keep-out volume (OBSTACLE-CLEARANCE) is refused before upload
 * (MISSION_UNSAFE naming the structure), unless the delivery's consents name that structure; then
 * the structures entered are returned for logging. Missions the planner made with the same
 * structures pass (no false alarm from item rounding or the relaxed pads).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertMissionSafe } from '../../src/fleet/launch.js';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import { importObstacles } from '../../src/obstacles/index.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { PlanRequest, Route } from '../../src/planner/types.js';
import { CodedError } from '../../lib/coded-error.js';
import { hamburgIndex, profile, REPO, vehicle } from '../planner/helpers.js';

const index = hamburgIndex();
const hamburg = importObstacles(readFileSync(`${REPO}missions/obstacles/hamburg.geojson`, 'utf8')).obstacles;
const obstacles = { list: hamburg };
const req = (from: [number, number], to: [number, number], consents: string[], mode: 'land' | 'drop-and-return' = 'land'): PlanRequest => ({
  from: { lat: from[0], lon: from[1] }, to: { lat: to[0], lon: to[1] }, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents }), mode,
});
const ok = (r: ReturnType<typeof planRoute>): Route => {
  if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message}`);
  return r.route;
};
const check = (route: Route, withObstacles: boolean): ReturnType<typeof assertMissionSafe> | CodedError<string> => {
  const plan = buildDeliveryPlan(route, { index, homeAmslM: 10, ...(withObstacles ? { obstacles } : {}) });
  try {
    return assertMissionSafe(plan.mission, index, route.request.profile, route, { homeAmslM: 10, obstacles: withObstacles ? obstacles : undefined });
  } catch (e) {
    if (e instanceof CodedError) return e;
    throw e;
  }
};

describe('launch: the mission against the structures', () => {
  // the case planned without structures: 13 m beside the Heinrich-Hertz-Turm
  const tvCase = ok(planRoute(req([53.56, 9.97], [53.565, 9.982], ['HHA01']), { index }));

  it('a mission through the television tower\'s clearance is refused before upload, naming the structure and rule', () => {
    const r = check(tvCase, true);
    expect(r).toBeInstanceOf(CodedError);
    const e = r as CodedError<string>;
    expect(e.code).toBe('MISSION_UNSAFE');
    expect(e.message).toMatch(/enters HH-TVT \(OBSTACLE-CLEARANCE\): the leg passes \d+(\.\d)? m from Heinrich-Hertz-Turm/);
    expect((e.details as { violations: Array<{ zoneId: string }> }).violations.map((v) => v.zoneId)).toContain('HH-TVT');
  });

  it('without structures given, the same mission passes the zone check (the structures are what refuses it)', () => {
    expect(check(tvCase, false)).toEqual([]);
  });

  it('with the structure\'s id among the delivery\'s consents it may launch; the structure entered is returned for the log', () => {
    const consented = { ...tvCase, request: { ...tvCase.request, profile: profile('specific-bvlos-delivery', { consents: ['HHA01', 'HH-TVT'] }) } };
    const r = check(consented, true);
    expect(r).not.toBeInstanceOf(CodedError);
    expect((r as ReturnType<typeof assertMissionSafe>).map((a) => a.obstacleId)).toEqual(expect.arrayContaining(['HH-TVT']));
    expect((r as ReturnType<typeof assertMissionSafe>)[0]?.sentence).toMatch(/Heinrich-Hertz-Turm/);
  });

  it('a consent for another structure does not authorise this one', () => {
    const other = { ...tvCase, request: { ...tvCase.request, profile: profile('specific-bvlos-delivery', { consents: ['HHA01', 'HH-NIK'] }) } };
    expect(check(other, true)).toBeInstanceOf(CodedError);
  });

  it.each([
    { name: 'the issue\'s case planned with structures', r: req([53.56, 9.97], [53.565, 9.982], ['HHA01']) },
    { name: 'from the Rathaus hub beside its tower (relaxed pad), drop-and-return', r: req([53.5508, 9.9925], [53.5592, 10.0181], ['HHG01', 'HHH02'], 'drop-and-return') },
    { name: 'across the Elbe at the crossing height', r: req([53.55, 9.955], [53.515, 10.0], ['HHA01']) },
  ])('no false alarm: $name passes the launch check', ({ r }) => {
    const route = ok(planRoute(r, { index, obstacles }));
    expect(check(route, true)).toEqual([]);
  });

  it('no false alarm: a route raising one leg over a low wall (climb and descent at the split points) passes the launch check of its items', () => {
    const mid = { lat: 53.5625, lon: 9.976 }, v = [-0.01857, 0.00773], w = [0.000124, 0.0000515];
    const ring: [number, number][] = [[mid.lon + v[0]!, mid.lat + v[1]!], [mid.lon - v[0]!, mid.lat - v[1]!], [mid.lon - v[0]! + w[0]!, mid.lat - v[1]! + w[1]!], [mid.lon + v[0]! + w[0]!, mid.lat + v[1]! + w[1]!], [mid.lon + v[0]!, mid.lat + v[1]!]];
    const wall = { list: [{ id: 'WALL', name: 'wall', type: 'BUILDING' as const, source: 'test', top: { heightM: 40, ref: 'AGL' as const }, footprint: { kind: 'polygon' as const, ring } }] };
    const route = ok(planRoute(req([53.56, 9.97], [53.565, 9.982], ['HHA01']), { index, obstacles: wall }));
    expect(route.warnings.join('\n')).toMatch(/leg raised to 90 m AGL over/);
    const plan = buildDeliveryPlan(route, { index, homeAmslM: 10, obstacles: wall });
    expect(assertMissionSafe(plan.mission, index, route.request.profile, route, { homeAmslM: 10, obstacles: wall })).toEqual([]);
  });

  describe('the vehicle on a pad beside the planned start (PX4 climbs there, then flies to the take-off item)', () => {
    // a 100 m mast 15 m east of UKE's start; the planner relaxes its clearance beside the start as for any pad
    const UKE: [number, number] = [53.5914, 9.9767];
    const east = (m: number): { lat: number; lon: number } => ({ lat: UKE[0], lon: UKE[1] + m / (111_320 * Math.cos((UKE[0] * Math.PI) / 180)) });
    const mastAt = east(15);
    const mast = { list: [{ id: 'MAST', name: 'test mast', type: 'TOWER' as const, source: 'test', top: { heightM: 100, ref: 'AGL' as const }, footprint: { kind: 'point' as const, ...mastAt, radiusM: 2 } }] };
    const route = ok(planRoute(req(UKE, [53.5592, 10.0181], ['HHH01', 'HHH02']), { index, obstacles: mast }));
    const plan = buildDeliveryPlan(route, { index, homeAmslM: 10, obstacles: mast });
    const launchCheck = (standing?: { lat: number; lon: number }): ReturnType<typeof assertMissionSafe> | CodedError<string> => {
      try {
        return assertMissionSafe(plan.mission, index, route.request.profile, route, { homeAmslM: 10, obstacles: mast, standing });
      } catch (e) {
        if (e instanceof CodedError) return e;
        throw e;
      }
    };

    it('standing on the start itself, or 20 m on the side away from the mast: passes', () => {
      expect(launchCheck()).toEqual([]);
      expect(launchCheck({ lat: UKE[0], lon: UKE[1] })).toEqual([]);
      expect(launchCheck(east(-20))).toEqual([]);
    });

    it('standing 28 m east, beyond the mast: the move to the start at the take-off height passes through its clearance → refused, naming the take-off item', () => {
      const r = launchCheck(east(28));
      expect(r).toBeInstanceOf(CodedError);
      const e = r as CodedError<string>;
      expect(e.code).toBe('MISSION_UNSAFE');
      expect(e.message).toMatch(/^refused: item 0 enters MAST \(OBSTACLE-CLEARANCE\): the leg passes/);
    });
  });
});
