import { describe, expect, it } from 'vitest';
import { createAirspaceIndex } from '../../src/airspace/index.js';
import { createLocalFrame } from '../../src/geo/local-frame.js';
import { toLocalXY } from '../../src/geo/to-local.js';
import { horizontalM } from '../../src/mission/build-mission.js';
import { routeCentreline } from '../../src/mission/corridor.js';
import { MissionBuildError } from '../../src/mission/errors.js';
import { nearbyObstacleCircles } from '../../src/mission/exclusions.js';
import { buildGeofence, type FenceShape } from '../../src/mission/fence.js';
import { chooseRallyPoints, sampleRoute } from '../../src/mission/rally.js';
import { recommendRtlParams } from '../../src/mission/rtl-params.js';
import type { LatLon } from '../../src/planner/types.js';
import { corridorEdge, inFence } from './fixtures/geometry.js';
import { circleZone, makeRoute, offset, PROFILE, RATHAUS } from './fixtures/routes.js';

const HOME = { lat: 53.55, lon: 10.0 };
/** A U around a prohibited circle: north 1 km, east 1 km, south 1 km. */
const ZONE_CENTRE = offset(HOME, 500, 500);
const U = [HOME, offset(HOME, 1000, 0), offset(HOME, 1000, 1000), offset(HOME, 0, 1000)];
const uRoute = makeRoute([[HOME.lat, HOME.lon, 0], [HOME.lat, HOME.lon, 60], ...U.slice(1).map((p) => [p.lat, p.lon, 60] as const), [U[3]!.lat, U[3]!.lon, 0]]);
/** 40 vertices 200 m apart, wiggling ±10 m: the simplification has to remove most of them. */
const ZIGZAG = makeRoute([[53.55, 9.95, 0], [53.55, 9.95, 60], ...Array.from({ length: 40 }, (_, i) => [53.55 + (i % 2) * 0.00018, 9.95 + i * 0.003, 60] as const), [53.55, 9.95 + 39 * 0.003, 0]]);
/** 40 turns of ±450 m: no honest 64-item fence exists. */
const WILD = makeRoute([[53.55, 9.95, 0], [53.55, 9.95, 60], ...Array.from({ length: 40 }, (_, i) => [53.55 + (i % 2) * 0.004, 9.95 + i * 0.003, 60] as const), [53.55, 9.95 + 39 * 0.003, 0]]);

describe('buildGeofence', () => {
  it.each([
    ['Rathaus (3 legs)', makeRoute(RATHAUS), 15],
    ['U around a zone', uRoute, 15],
    ['40-vertex zigzag (needs simplification)', ZIGZAG, 15],
    ['wide corridor', makeRoute(RATHAUS), 40],
  ])('%s: contains the whole corridor and fits 64 items', (_, route, w) => {
    const fence = buildGeofence(route, { halfWidthM: w });
    expect(fence.items.length).toBeLessThanOrEqual(64);
    expect(fence.items.every((i, k) => i.seq === k && i.missionType === 'fence' && i.frame === 0)).toBe(true);
    const edge = corridorEdge(routeCentreline(route), w);
    const missed = edge.filter((p) => !inFence(fence.shapes, p));
    expect(missed).toEqual([]);
    expect(fence.corridor.halfWidthM).toBeGreaterThanOrEqual(w);
  });

  it('simplifies a long zigzag within the budget and reports the widening', () => {
    const fence = buildGeofence(ZIGZAG, { halfWidthM: 15, maxItems: 24 });
    expect(fence.items.length).toBeLessThanOrEqual(24);
    expect(fence.corridor.toleranceM).toBeGreaterThan(0.5);
  });

  it('polygon vertices carry the vertex count and run clockwise; exclusion circles cost one item each', () => {
    const fence = buildGeofence(makeRoute(RATHAUS), { exclusionCircles: [{ center: ZONE_CENTRE, radiusM: 50 }] });
    const poly = fence.items.filter((i) => i.command === 5001);
    expect(poly.every((i) => i.param1 === poly.length)).toBe(true);
    expect(fence.items[fence.items.length - 1]).toMatchObject({ command: 5004, param1: 50 });
    const v = (fence.shapes[0] as Extract<FenceShape, { kind: 'polygon' }>).vertices;
    const area = v.reduce((s, p, i) => s + p.lon * v[(i + 1) % v.length]!.lat - v[(i + 1) % v.length]!.lon * p.lat, 0);
    expect(area).toBeLessThan(0);
  });

  it('refuses with FENCE_LIMIT_EXCEEDED when nothing fits', () => {
    expect(() => buildGeofence(WILD)).toThrow(MissionBuildError);
    expect(() => buildGeofence(WILD)).toThrow(/needs \d+ items but the vehicle stores 64/);
  });
});

describe('nearbyObstacleCircles → exclusion circles', () => {
  it('takes obstacle circles 16–150 m from the track, nearest first; not free, far or corridor-cutting ones', () => {
    const route = makeRoute([[HOME.lat, HOME.lon, 0], [HOME.lat, HOME.lon, 60], [U[1]!.lat, U[1]!.lon, 60], [U[1]!.lat, U[1]!.lon, 0]]);
    const zones = [
      circleZone('NEAR1', offset(HOME, 500, 100), 50), // gap 50 m
      circleZone('NEAR2', offset(HOME, 300, -130), 30), // gap 100 m
      circleZone('FAR', offset(HOME, 500, 400), 50), // gap 350 m
      circleZone('CUT', offset(HOME, 500, 60), 50), // gap 10 m: would cut the corridor
      circleZone('HHH01', offset(HOME, 700, 100), 50, 'REQ_AUTHORISATION'), // consent in PROFILE → free
    ];
    const near = nearbyObstacleCircles(route, { index: createAirspaceIndex(zones), profile: PROFILE, withinM: 150, minGapM: 16 });
    expect(near.map((c) => [c.zoneId, Math.round(c.gapM)])).toEqual([['NEAR1', 50], ['NEAR2', 100]]);
    const fence = buildGeofence(route, { exclusionCircles: near });
    expect(fence.items.slice(-2).map((i) => [i.command, i.param1])).toEqual([[5004, 50], [5004, 30]]);
    expect(corridorEdge(routeCentreline(route), 15).every((p) => inFence(fence.shapes, p))).toBe(true);
  });
});

describe('chooseRallyPoints: a Return never crosses an obstacle zone', () => {
  const index = createAirspaceIndex([circleZone('TST01', ZONE_CENTRE, 300)]);
  /** Independent check: the straight line a→b keeps out of the zone circle (planar, metres). */
  const clear = (a: LatLon, b: LatLon): boolean => {
    const f = createLocalFrame(ZONE_CENTRE);
    const [ax, ay] = toLocalXY(f, a.lon, a.lat), [bx, by] = toLocalXY(f, b.lon, b.lat);
    const l2 = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = l2 ? Math.max(0, Math.min(1, -(ax * (bx - ax) + ay * (by - ay)) / l2)) : 0;
    return Math.hypot(ax + t * (bx - ax), ay + t * (by - ay)) > 300;
  };

  it('home alone would not do: from the far side the line home crosses the zone', () => {
    expect(clear(U[2]!, HOME)).toBe(false);
  });

  it('with the chosen rally points every route point returns clear, at ≤ 8 legal points inside the fence', () => {
    const rally = chooseRallyPoints(uRoute, { index, profile: PROFILE, homeAmslM: 10, returnAltM: 60 });
    expect(rally.uncovered).toEqual([]);
    expect(rally.points.length).toBeGreaterThan(0);
    expect(rally.points.length).toBeLessThanOrEqual(8);
    const fence = buildGeofence(uRoute);
    for (const p of rally.points) {
      expect(horizontalM(p, ZONE_CENTRE)).toBeGreaterThan(300);
      expect(inFence(fence.shapes, p)).toBe(true);
    }
    for (const s of sampleRoute(uRoute, 10)) {
      const target = [HOME, ...rally.points].reduce((b, c) => (horizontalM(s, c) < horizontalM(s, b) ? c : b));
      expect(clear(s, target), `Return from ${Math.round(s.alongM)} m`).toBe(true);
    }
    expect(rally.items.every((i) => i.command === 5100 && i.frame === 3 && i.missionType === 'rally' && i.z === 0)).toBe(true);
  });

  it('reports what it cannot cover when only one rally point is allowed', () => {
    const rally = chooseRallyPoints(uRoute, { index, profile: PROFILE, homeAmslM: 10, returnAltM: 60, maxPoints: 1 });
    expect(rally.uncovered.length).toBeGreaterThan(0);
    expect(rally.uncovered[0]!.zoneIds).toEqual(['TST01']);
  });

  it('recommends RTL_TYPE 0 and a return height inside the cruise band, each with a reason', () => {
    const params = recommendRtlParams(uRoute);
    const get = (n: string) => params.find((p) => p.name === n)?.value;
    expect(get('RTL_TYPE')).toBe(0);
    expect(get('RTL_RETURN_ALT')).toBe(60);
    expect(get('GF_ACTION')).toBe(3);
    expect(params.every((p) => p.reason.length > 20)).toBe(true);
  });
});
