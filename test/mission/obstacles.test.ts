/** Vertical obstacles in mission validation (OBSTACLE-CLEARANCE), fence exclusion circles and rally points. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importObstacles } from '../../src/obstacles/index.js';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import { validateMission } from '../../src/mission/validate-mission.js';
import { horizontalM } from '../../src/mission/build-mission.js';
import { e7, planItem } from '../../src/mission/mav.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { PlanRequest, Route } from '../../src/planner/types.js';
import { compileObstacles, DEFAULT_OBSTACLE_CLEARANCE, segmentConflicts } from '../../src/obstacles/index.js';
import { hamburgIndex, profile, REPO, vehicle } from '../planner/helpers.js';

const index = hamburgIndex();
const hamburg = importObstacles(readFileSync(`${REPO}missions/obstacles/hamburg.geojson`, 'utf8')).obstacles;
const tvReq: PlanRequest = { from: { lat: 53.56, lon: 9.97 }, to: { lat: 53.565, lon: 9.982 }, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents: ['HHA01'] }), mode: 'land' };
const ok = (r: ReturnType<typeof planRoute>): Route => { if (!r.ok) throw new Error(r.refusal.message); return r.route; };

describe('missions and vertical obstacles', () => {
  it('a mission flown straight past the television tower is an OBSTACLE-CLEARANCE violation naming it; the planned one is clean', () => {
    const straight = buildDeliveryPlan(ok(planRoute(tvReq, { index })), { index, homeAmslM: 10 });
    const v = validateMission(straight.mission, index, tvReq.profile, { homeAmslM: 10, groundSpeedMps: 11, obstacles: { list: hamburg } });
    expect(v.ok).toBe(false);
    const x = v.violations.find((y) => y.ruleId === 'OBSTACLE-CLEARANCE');
    expect(x).toMatchObject({ kind: 'obstacle', zoneId: 'HH-TVT' });
    expect(x!.sentence).toMatch(/Heinrich-Hertz-Turm .*top 279\.8 m AGL.*OBSTACLE-CLEARANCE needs 50 m/);
    // without obstacle data the same mission is legal: the violation comes from the structure alone
    expect(validateMission(straight.mission, index, tvReq.profile, { homeAmslM: 10, groundSpeedMps: 11 }).ok).toBe(true);
    const planned = buildDeliveryPlan(ok(planRoute(tvReq, { index, obstacles: { list: hamburg } })), { index, homeAmslM: 10, obstacles: { list: hamburg } });
    expect(validateMission(planned.mission, index, tvReq.profile, { homeAmslM: 10, groundSpeedMps: 11, obstacles: { list: hamburg } }).violations).toEqual([]);
  });

  it.each([
    { rule: 'a leg above top + vertical clearance passes', alt: 340, expectViolation: false },
    { rule: 'a leg below top + vertical clearance within the horizontal clearance is a violation', alt: 120, expectViolation: true },
  ])('$rule', ({ alt, expectViolation }) => {
    const items = [
      planItem('mission', 0, { command: 22, frame: 3, x: e7(53.56), y: e7(9.97), z: alt }),
      planItem('mission', 1, { command: 16, frame: 3, x: e7(53.565), y: e7(9.982), z: alt }),
    ];
    const v = validateMission(items, index, profile('specific-bvlos-delivery', { consents: ['HHA01'], heightCeilingAglM: 400 }), { homeAmslM: 10, groundSpeedMps: 11, obstacles: { list: hamburg } });
    expect(v.legs.length).toBeGreaterThanOrEqual(2);
    expect(v.violations.some((y) => y.ruleId === 'OBSTACLE-CLEARANCE' && y.zoneId === 'HH-TVT'), JSON.stringify(v.violations)).toBe(expectViolation);
  });

  it('the fence gets an exclusion circle around the tower (clear of the corridor), and no rally point or Return line enters a keep-out volume', () => {
    const route = ok(planRoute(tvReq, { index, obstacles: { list: hamburg } }));
    const plan = buildDeliveryPlan(route, { index, homeAmslM: 10, obstacles: { list: hamburg } });
    const circle = plan.fence.shapes.find((c) => c.kind === 'circle' && c.zoneId === 'HH-TVT');
    expect(circle).toMatchObject({ inclusion: false, center: { lat: expect.closeTo(53.5626, 5), lon: expect.closeTo(9.9759, 5) } });
    // the tower's circle stays clear of the corridor: its radius is at most the track distance
    // (footprint 15 m + clearance 50 m + the planner's 3 m tracking margin) minus the half-width
    if (circle?.kind === 'circle') expect(circle.radiusM).toBeLessThanOrEqual(68 - plan.fence.corridor.halfWidthM);
    const set = compileObstacles(hamburg, index.frame, () => 10, DEFAULT_OBSTACLE_CLEARANCE);
    for (const p of plan.rally.points) {
      expect(segmentConflicts(set, { ...p, altAglM: 0 }, { ...p, altAglM: 120 })).toEqual([]);
    }
    expect(plan.rally.points.every((p) => horizontalM(p, { lat: 53.5626, lon: 9.9759 }) > 65)).toBe(true);
  });
});
