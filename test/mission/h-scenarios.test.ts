/**
 * The public Hamburg scenarios H1–H6 through planRoute → buildDeliveryPlan: mission shape, fence
 * contains the corridor within 64 items, rally points legal, every Return line clear of obstacle
 * zones (checked independently with turf on the raw zone geometry), validateMission finds nothing.
 */
import { kinks, polygon } from '@turf/turf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAirspaceIndex, evaluateZone, importEd269, parseOperationProfile, type Zone } from '../../src/airspace/index.js';
import { horizontalM } from '../../src/mission/build-mission.js';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import { routeCentreline } from '../../src/mission/corridor.js';
import { sampleRoute } from '../../src/mission/rally.js';
import { returnAltitudeM } from '../../src/mission/rtl-params.js';
import { validateMission } from '../../src/mission/validate-mission.js';
import { parseVehicleProfile, planRoute } from '../../src/planner/index.js';
import type { DeliveryMode, LatLon } from '../../src/planner/types.js';
import { corridorEdge, inFence, lineTouchesZone, pointInZone } from './fixtures/geometry.js';

const root = join(import.meta.dirname, '../..');
const json = (p: string): unknown => JSON.parse(readFileSync(join(root, p), 'utf8'));
const zones = importEd269(json('missions/airspace/hamburg.ed269.json')).zones;
const index = createAirspaceIndex(zones);
const vehicle = parseVehicleProfile(json('missions/vehicles/delivery-quad.json'));
const GROUND = 10;
type Scenario = { id: string; from: LatLon; to: LatLon; consents: string[] };
const scenarios = (json('missions/deliveries/hamburg.json') as { scenarios: Scenario[] }).scenarios;
const cases = scenarios.flatMap((s) => (['land', 'drop-and-return'] as DeliveryMode[]).map((mode) => [s.id, mode, s] as const));

describe.each(cases)('%s %s', (_, mode, s) => {
  const profile = parseOperationProfile({
    category: 'specific', atcClearance: 'individual', vlos: false, roadRailOverflightInRiskAssessment: true, mtomKg: 5, hasSensors: true,
    departureTime: '2026-05-04T08:00:00Z', consents: s.consents,
  });
  const result = planRoute({ from: s.from, to: s.to, vehicle, profile, mode }, { index });

  it('is planned and turned into mission, fence and rally points, or refused with a reason', () => {
    if (!result.ok) {
      expect(result.refusal.message.length).toBeGreaterThan(20);
      return;
    }
    const route = result.route;
    const plan = buildDeliveryPlan(route, { index, homeAmslM: GROUND });
    const cmds = plan.mission.map((i) => i.command);
    expect(cmds.slice(0, 2)).toEqual([22, 178]);
    expect(cmds[cmds.length - 1]).toBe(21);
    expect(cmds.filter((c) => c === 211)).toHaveLength(mode === 'drop-and-return' ? 1 : 0);

    // fence: ≤ 64 items and the whole corridor inside
    expect(plan.fence.items.length).toBeLessThanOrEqual(64);
    for (const f of plan.fence.shapes) {
      if (f.kind !== 'polygon') continue;
      const ring = f.vertices.map((v) => [v.lon, v.lat]);
      expect(kinks(polygon([[...ring, ring[0]!]])).features).toEqual([]); // PX4 needs simple polygons
    }
    expect(corridorEdge(routeCentreline(route), plan.fence.corridor.requestedHalfWidthM).filter((p) => !inFence(plan.fence.shapes, p))).toEqual([]);

    if (s.id === 'H3') expect(plan.fence.shapes.some((f) => f.kind === 'circle' && !f.inclusion && f.zoneId === 'HHH10')).toBe(true); // the 98 m near miss

    // rally points: ≤ 8, inside the fence, outside every zone that is not free or inactive
    expect(plan.rally.points.length).toBeLessThanOrEqual(8);
    const notFree = zones.filter((z) => !['free', 'inactive'].includes(evaluateZone(z, profile, {}).kind));
    for (const r of plan.rally.points) {
      expect(inFence(plan.fence.shapes, r)).toBe(true);
      expect(notFree.filter((z) => pointInZone(z, r, 0, GROUND)).map((z) => z.id)).toEqual([]);
    }

    // every Return line (nearest of home and rally points, at max(height, RTL_RETURN_ALT)) clear
    const obstacles: Zone[] = zones.filter((z) => evaluateZone(z, profile, {}).kind === 'obstacle');
    const home = route.legs[0]!.from;
    const ret = returnAltitudeM(route);
    const blocked: string[] = [];
    for (const p of sampleRoute(route, 40)) {
      const h = Math.max(p.altAglM, ret);
      const target = [home, ...plan.rally.points].reduce<LatLon>((b, c) => (horizontalM(p, c) < horizontalM(p, b) ? c : b), home);
      for (const z of obstacles) {
        if (!pointInZone(z, p, h, GROUND) && lineTouchesZone(z, p, target, h, GROUND)) blocked.push(`${Math.round(p.alongM)} m → ${z.id}`);
      }
    }
    expect(blocked).toEqual([]);
    expect(plan.rally.uncovered).toEqual([]);

    // the mission flies legally by the same rules the planner used
    const v = validateMission(plan.mission, index, profile, { homeAmslM: GROUND, groundSpeedMps: vehicle.cruiseSpeedMps });
    expect(v.violations.filter((x) => x.kind === 'obstacle')).toEqual([]);
  });
});
