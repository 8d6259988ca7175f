/** Property: no planned leg ever comes within the clearance of a structure that reaches its height band. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileObstacles, DEFAULT_OBSTACLE_CLEARANCE, relaxForEndpoints, segmentConflicts, type Obstacle } from '../../src/obstacles/index.js';
import { planRoute } from '../../src/planner/plan-route.js';
import { PLAN_REFUSAL_CODES } from '../../src/planner/refusals.js';
import { hamburgIndex, profile, vehicle } from './helpers.js';

const index = hamburgIndex();
const consents = ['HHA01', 'HHH01', 'HHH02', 'HHH04', 'HHH07'];

const arbObstacle = (i: number, maxHeightM = 300): fc.Arbitrary<Obstacle> => fc.record({
  lat: fc.double({ min: 53.535, max: 53.575, noNaN: true }), lon: fc.double({ min: 9.94, max: 10.03, noNaN: true }),
  heightM: fc.double({ min: 5, max: maxHeightM, noNaN: true }), radiusM: fc.double({ min: 0, max: maxHeightM < 100 ? 400 : 80, noNaN: true }),
  shape: fc.constantFrom('point', 'polygon', 'line'), bend: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
}).map(({ lat, lon, heightM, radiusM, shape, bend }) => ({
  id: `P${i}`, name: `P${i}`, type: shape === 'line' ? 'TRANSMISSION_LINE' : 'TOWER', source: 'property', top: { heightM, ref: 'AGL' },
  footprint: shape === 'polygon'
    ? { kind: 'polygon', ring: [[lon, lat], [lon + 0.001, lat], [lon + 0.0005, lat + 0.0008], [lon, lat]] }
    : shape === 'line'
      ? { kind: 'line', path: [[lon, lat], [lon + 0.012, lat + bend], [lon + 0.02, lat + 2 * bend + 0.004]], radiusM: radiusM / 4 }
      : { kind: 'point', lat, lon, radiusM },
}) as Obstacle);

describe('obstacle clearance (property)', () => {
  it('every planned leg keeps the clearance of every structure (points, polygons, power lines) in its band; refusals are declared codes', () => {
    let planned = 0, detoured = 0;
    fc.assert(fc.property(
      fc.tuple(...Array.from({ length: 12 }, (_, i) => arbObstacle(i))),
      fc.record({ a: fc.double({ min: 53.54, max: 53.57, noNaN: true }), b: fc.double({ min: 9.95, max: 10.02, noNaN: true }), c: fc.double({ min: 53.54, max: 53.57, noNaN: true }), d: fc.double({ min: 9.95, max: 10.02, noNaN: true }) }),
      fc.record({ horizontalM: fc.integer({ min: 10, max: 100 }), verticalM: fc.integer({ min: 0, max: 80 }) }),
      (list, { a, b, c, d }, clearance) => {
        const r = planRoute({ from: { lat: a, lon: b }, to: { lat: c, lon: d }, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents }), mode: 'land' }, { index, obstacles: { list, clearance } });
        if (!r.ok) {
          expect(PLAN_REFUSAL_CODES).toContain(r.refusal.code);
          expect(r.refusal.code).not.toBe('INTERNAL_ROUTE_CHECK');
          return;
        }
        // the rule as documented: a take-off / landing point beside a structure relaxes that structure's clearance
        const { set } = relaxForEndpoints(compileObstacles(list, index.frame, () => 10, clearance), [{ lat: a, lon: b }, { lat: c, lon: d }]);
        for (const l of r.route.legs) expect(segmentConflicts(set, l.from, l.to)).toEqual([]);
        planned++;
        if (r.route.warnings.some((w) => /went round|raised to \d+ m AGL (over [\d.]+ of [\d.]+ km \(\d+ m AGL elsewhere\) )?to overfly/.test(w))) detoured++;
      },
    ), { numRuns: 40, seed: 1707 });
    // the property must have been exercised: routes planned, some of them shaped by structures
    expect(planned).toBeGreaterThanOrEqual(10);
    expect(detoured).toBeGreaterThanOrEqual(3);
  });

  // walls (long, thin, low) across the straight line, where climbing over one leg beats a detour
  const wallsAcross = (from: { lat: number; lon: number }, to: { lat: number; lon: number }, ws: Array<{ t: number; turn: number; halfM: number; heightM: number }>): Obstacle[] => {
    const kLon = 1 / (111_320 * Math.cos((from.lat * Math.PI) / 180)), kLat = 1 / 111_320;
    const dir = Math.atan2((to.lat - from.lat) / kLat, (to.lon - from.lon) / kLon);
    return ws.map(({ t, turn, halfM, heightM }, i) => {
      const c = { lat: from.lat + (to.lat - from.lat) * t, lon: from.lon + (to.lon - from.lon) * t };
      const a = dir + Math.PI / 2 + turn, ux = Math.cos(a), uy = Math.sin(a), tx = Math.cos(dir) * 5, ty = Math.sin(dir) * 5;
      const p = (s: number, d: number): [number, number] => [c.lon + (ux * s + tx * d) * kLon, c.lat + (uy * s + ty * d) * kLat];
      return { id: `W${i}`, name: `W${i}`, type: 'BUILDING', source: 'property', top: { heightM, ref: 'AGL' }, footprint: { kind: 'polygon', ring: [p(-halfM, -1), p(halfM, -1), p(halfM, 1), p(-halfM, 1), p(-halfM, -1)] } } as Obstacle;
    });
  };

  it('low walls across the line: the legs raised over them (and the climbs and descents) keep every clearance; some routes raise only a leg', () => {
    let planned = 0, perLeg = 0;
    fc.assert(fc.property(
      fc.record({ a: fc.double({ min: 53.54, max: 53.57, noNaN: true }), b: fc.double({ min: 9.95, max: 10.02, noNaN: true }), c: fc.double({ min: 53.54, max: 53.57, noNaN: true }), d: fc.double({ min: 9.95, max: 10.02, noNaN: true }) }),
      fc.array(fc.record({ t: fc.double({ min: 0.15, max: 0.85, noNaN: true }), turn: fc.double({ min: -0.6, max: 0.6, noNaN: true }), halfM: fc.double({ min: 200, max: 2500, noNaN: true }), heightM: fc.double({ min: 5, max: 75, noNaN: true }) }), { minLength: 1, maxLength: 3 }),
      ({ a, b, c, d }, ws) => {
        const from = { lat: a, lon: b }, to = { lat: c, lon: d };
        const list = wallsAcross(from, to, ws);
        const r = planRoute({ from, to, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents }), mode: 'land' }, { index, obstacles: { list } });
        if (!r.ok) {
          expect(PLAN_REFUSAL_CODES).toContain(r.refusal.code);
          expect(r.refusal.code).not.toBe('INTERNAL_ROUTE_CHECK');
          return;
        }
        const { set } = relaxForEndpoints(compileObstacles(list, index.frame, () => 10, DEFAULT_OBSTACLE_CLEARANCE), [from, to]);
        for (const l of r.route.legs) expect(segmentConflicts(set, l.from, l.to)).toEqual([]);
        expect(Math.max(...r.route.legs.map((l) => l.to.altAglM))).toBeLessThanOrEqual(120);
        planned++;
        if (r.route.warnings.some((w) => /leg raised to \d+ m AGL over/.test(w))) perLeg++;
      },
    ), { numRuns: 30, seed: 1717 });
    expect(planned).toBeGreaterThanOrEqual(10);
    expect(perLeg).toBeGreaterThanOrEqual(3);
  });
});
