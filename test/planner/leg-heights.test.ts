/**
 * Per-leg cruise heights: lowerLegs keeps the preferred height wherever it is legal and raises
 * only the stretches over the obstacles of that height (table cases and a fast-check property),
 * and a planned route with a raised stretch becomes a mission whose waypoints carry those heights,
 * inside its corridor fence.
 */
import * as turf from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import type { Zone } from '../../src/airspace/types.js';
import { toGeodetic } from '../../src/geo/to-geodetic.js';
import { buildDeliveryPlan, MAV_CMD, fromE7 } from '../../src/mission/index.js';
import { lowerLegs, type HeightPath, type HeightTests } from '../../src/planner/leg-heights.js';
import { planRoute } from '../../src/planner/plan-route.js';
import { profile, vehicle } from './helpers.js';

type Disc = [number, number, number];
/** Tests against discs (centre x, y, radius): what the planner's grid answers for its shapes. */
function discTests(discs: readonly Disc[]): HeightTests {
  const segDist = (cx: number, cy: number, ax: number, ay: number, bx: number, by: number): number => {
    const dx = bx - ax, dy = by - ay, l = dx * dx + dy * dy;
    const t = l === 0 ? 0 : Math.max(0, Math.min(1, ((cx - ax) * dx + (cy - ay) * dy) / l));
    return Math.hypot(ax + t * dx - cx, ay + t * dy - cy);
  };
  return {
    pointFree: (x, y) => discs.every(([cx, cy, r]) => Math.hypot(x - cx, y - cy) >= r),
    landFree: (ax, ay, bx, by) => discs.every(([cx, cy, r]) => segDist(cx, cy, ax, ay, bx, by) >= r),
  };
}
const path = (pts: Array<[number, number]>, heights: number[], fixed = heights.map(() => false)): HeightPath =>
  ({ xs: pts.map((p) => p[0]), ys: pts.map((p) => p[1]), heights, fixed });
const round = (p: HeightPath): Array<[number, number, number | undefined]> => p.xs.map((x, i) => [Math.round(x), Math.round(p.ys[i]!), p.heights[i]]);

describe('lowerLegs', () => {
  it.each<[string, HeightPath, Disc[], Array<[number, number, number | undefined]>]>([
    ['a free raised edge is lowered whole', path([[0, 0], [3000, 0]], [110]), [[1500, 500, 100]], [[0, 0, 60], [3000, 0, undefined]]],
    ['one obstacle: raised over it only', path([[0, 0], [3000, 0]], [110]), [[1500, 0, 300]], [[0, 0, 60], [1200, 0, 110], [1800, 0, 60], [3000, 0, undefined]]],
    ['a gap shorter than 200 m stays raised', path([[0, 0], [3000, 0]], [110]), [[1000, 0, 200], [1500, 0, 200]], [[0, 0, 60], [800, 0, 110], [1700, 0, 60], [3000, 0, undefined]]],
    ['a gap of 400 m is flown low', path([[0, 0], [3000, 0]], [110]), [[800, 0, 200], [1600, 0, 200]], [[0, 0, 60], [600, 0, 110], [1000, 0, 60], [1400, 0, 110], [1800, 0, 60], [3000, 0, undefined]]],
    ['blocked at the start: raised from the start', path([[0, 0], [3000, 0]], [110]), [[100, 0, 300]], [[0, 0, 110], [400, 0, 60], [3000, 0, undefined]]],
    ['a fixed edge (crossing) keeps its height', path([[0, 0], [1000, 0], [2000, 0]], [110, 110], [true, false]), [[500, 0, 100]], [[0, 0, 110], [1000, 0, 60], [2000, 0, undefined]]],
    ['turning points are kept between low edges', path([[0, 0], [1000, 1000], [2000, 0]], [110, 110]), [], [[0, 0, 60], [1000, 1000, 60], [2000, 0, undefined]]],
    ['already at the preferred height: unchanged', path([[0, 0], [3000, 0]], [60]), [[1500, 0, 300]], [[0, 0, 60], [3000, 0, undefined]]],
  ])('%s', (_name, p, discs, expected) => {
    expect(round(lowerLegs(p, 60, discTests(discs), 200))).toEqual(expected);
  });

  it('property: same track, every low edge free at the preferred height, heights only preferred or original', () => {
    const coord = fc.double({ min: -3000, max: 3000, noNaN: true });
    fc.assert(fc.property(
      fc.array(fc.tuple(coord, coord), { minLength: 2, maxLength: 5 }),
      fc.array(fc.tuple(coord, coord, fc.double({ min: 20, max: 600, noNaN: true })), { maxLength: 6 }),
      (pts, discs) => {
        const p = path(pts, pts.slice(1).map(() => 110));
        const t = discTests(discs);
        const low = lowerLegs(p, 60, t, 200);
        expect([low.xs[0], low.ys[0], low.xs.at(-1), low.ys.at(-1)]).toEqual([p.xs[0], p.ys[0], p.xs.at(-1), p.ys.at(-1)]);
        const lengthOf = (q: HeightPath): number => q.xs.slice(1).reduce((s, x, i) => s + Math.hypot(x - q.xs[i]!, q.ys[i + 1]! - q.ys[i]!), 0);
        expect(Math.abs(lengthOf(low) - lengthOf(p))).toBeLessThan(1e-6 * (1 + lengthOf(p)));
        low.heights.forEach((h, i) => {
          expect([60, 110]).toContain(h);
          if (h === 60) expect(t.landFree(low.xs[i]!, low.ys[i]!, low.xs[i + 1]!, low.ys[i + 1]!)).toBe(true);
        });
      },
    ), { numRuns: 300 });
  });
});

describe('a route raised only over a nature reserve, as a mission', () => {
  const ORIGIN = { lat: 53.55, lon: 10 };
  const frame = createAirspaceIndex([], { origin: ORIGIN }).frame;
  const ll = (e: number, n: number): [number, number] => { const p = toGeodetic(frame, { eastM: e, northM: n }); return [p.lon, p.lat]; };
  const wall: Zone = {
    id: 'N1', country: 'DEU', name: 'N1', categories: ['NATURE'], restriction: 'CONDITIONAL', reasons: [], restrictionConditions: [], type: 'COMMON', lateralBufferM: 0,
    applicability: { permanent: true, periods: [] }, authorities: [],
    volumes: [{ footprint: { kind: 'polygon', rings: [[ll(-200, -20_000), ll(200, -20_000), ll(200, 20_000), ll(-200, 20_000), ll(-200, -20_000)]] }, lower: { heightM: 0, ref: 'AGL' }, upper: { heightM: 120, ref: 'AGL' } }],
  };
  const index = createAirspaceIndex([wall], { origin: ORIGIN });
  const r = planRoute({ from: toGeodetic(frame, { eastM: -3000, northM: 0 }), to: toGeodetic(frame, { eastM: 3000, northM: 400 }), vehicle: vehicle(), profile: profile(), mode: 'drop-and-return' }, { index });

  it('waypoints carry the per-leg heights; the fence contains the track', () => {
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const plan = buildDeliveryPlan(r.route, { index, homeAmslM: 10 });
    const wps = plan.mission.filter((i) => i.command === MAV_CMD.NAV_WAYPOINT);
    // out: 60 → climb → 110 over the reserve → descend → 60; the drop at 10 m; back the same way
    expect(wps.map((i) => i.z)).toEqual([60, 110, 110, 60, 60, 10, 60, 60, 110, 110, 60, 60]);
    const ring = (vs: readonly { lat: number; lon: number }[]): number[][] => { const r = vs.map((v) => [v.lon, v.lat]); return [...r, r[0]!]; };
    const fence = turf.featureCollection(plan.fence.corridor.polygons.map((p) => turf.polygon([ring(p.outer)])));
    for (const i of wps) {
      const pt = turf.point([fromE7(i.y), fromE7(i.x)]);
      expect(fence.features.some((f) => turf.booleanPointInPolygon(pt, f))).toBe(true);
    }
    // the climb over the reserve is flown (and costed) out and back
    const climbs = r.route.legs.filter((l) => l.kind === 'climb' && l.from.altAglM === 60 && l.to.altAglM === 110);
    expect(climbs.length).toBe(2);
    expect(climbs.every((l) => l.energyWh > 0 && l.durationS > 0)).toBe(true);
  });

  it('when a zone between the heights sits where it would climb, the whole cruise stays raised', () => {
    // 70–100 m AGL along the reserve's west side: neither 60 m nor 110 m meets it, the climb would
    const band: Zone = { ...wall, id: 'B1', name: 'B1', categories: ['CUSTOM'], restriction: 'REQ_AUTHORISATION',
      volumes: [{ footprint: { kind: 'polygon', rings: [[ll(-400, -20_000), ll(-200, -20_000), ll(-200, 20_000), ll(-400, 20_000), ll(-400, -20_000)]] }, lower: { heightM: 70, ref: 'AGL' }, upper: { heightM: 100, ref: 'AGL' } }] };
    const idx = createAirspaceIndex([wall, band], { origin: ORIGIN });
    const q = planRoute({ from: toGeodetic(frame, { eastM: -3000, northM: 0 }), to: toGeodetic(frame, { eastM: 3000, northM: 400 }), vehicle: vehicle(), profile: profile(), mode: 'land' }, { index: idx });
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    expect(q.route.legs.filter((l) => l.kind === 'cruise').map((l) => l.from.altAglM)).toEqual([110]);
    expect(q.route.warnings.join('\n')).toMatch(/cruise raised to 110 m AGL: no route at 60 m AGL avoids every obstacle/);
  });
});
