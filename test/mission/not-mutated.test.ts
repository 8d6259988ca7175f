/** Every public function of src/mission leaves its inputs alone: inputs are deep-frozen (strict mode throws on a write) and compared. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAirspaceIndex } from '../../src/airspace/index.js';
import {
  buildDeliveryPlan, buildGeofence, buildMission, chooseRallyPoints, corridorPolygons, fenceItems, missionFeature, parseQgcPlan, planGeoJson,
  recommendRtlParams, routeCentreline, routeFeature, sampleRoute, simplifyXY, toQgcPlan, validateMission, writeWpl,
} from '../../src/mission/index.js';
import { circleZone, makeRoute, offset, PROFILE, RATHAUS } from './fixtures/routes.js';

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

const index = createAirspaceIndex([circleZone('TST03', offset({ lat: 53.555, lon: 9.99 }, 0, -300), 80)]);
const route = deepFreeze(makeRoute(RATHAUS));
const plan = buildDeliveryPlan(route, { index, homeAmslM: 10 });
const parsed = parseQgcPlan(readFileSync(join(import.meta.dirname, '../../missions/plans/rathaus-delivery.plan'), 'utf8'));

describe('inputs are not mutated', () => {
  const calls: Array<[string, unknown, (x: never) => unknown]> = [
    ['buildMission', route, (r: typeof route) => buildMission(r, { homeAmslM: 10 })],
    ['buildGeofence', route, (r: typeof route) => buildGeofence(r, { exclusionCircles: [{ center: { lat: 53.55, lon: 9.99 }, radiusM: 30 }] })],
    ['chooseRallyPoints', route, (r: typeof route) => chooseRallyPoints(r, { index, profile: PROFILE, homeAmslM: 10, returnAltM: 60 })],
    ['buildDeliveryPlan', route, (r: typeof route) => buildDeliveryPlan(r, { index, homeAmslM: 10 })],
    ['recommendRtlParams', route, (r: typeof route) => recommendRtlParams(r)],
    ['routeCentreline + sampleRoute', route, (r: typeof route) => [routeCentreline(r), sampleRoute(r, 25)]],
    ['corridorPolygons', routeCentreline(route), (c: ReturnType<typeof routeCentreline>) => corridorPolygons(c, 15, 64)],
    ['simplifyXY', [[0, 0], [10, 1], [20, 0]], (xy: Array<[number, number]>) => simplifyXY(xy, 2)],
    ['fenceItems', plan.fence.shapes, (s: typeof plan.fence.shapes) => fenceItems(s)],
    ['validateMission', plan.mission, (m: typeof plan.mission) => validateMission(m, index, PROFILE, { homeAmslM: 10, groundSpeedMps: 10 })],
    ['toQgcPlan', parsed, (p: typeof parsed) => toQgcPlan(p)],
    ['writeWpl', parsed.mission, (m: typeof parsed.mission) => writeWpl(m, { home: parsed.plannedHome })],
    ['planGeoJson', plan, (p: typeof plan) => [planGeoJson(route, p), missionFeature(p.mission), routeFeature(route)]],
  ];
  it.each(calls)('%s', (_, input, f) => {
    const before = structuredClone(input);
    deepFreeze(input);
    f(input as never);
    expect(input).toEqual(before);
  });
});
