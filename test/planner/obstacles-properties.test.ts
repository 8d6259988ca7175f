/** Property: no planned leg ever comes within the clearance of a structure that reaches its height band. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileObstacles, segmentConflicts, type Obstacle } from '../../src/obstacles/index.js';
import { planRoute } from '../../src/planner/plan-route.js';
import { PLAN_REFUSAL_CODES } from '../../src/planner/refusals.js';
import { hamburgIndex, profile, vehicle } from './helpers.js';

const index = hamburgIndex();
const consents = ['HHA01', 'HHH01', 'HHH02', 'HHH04', 'HHH07'];

const arbObstacle = (i: number): fc.Arbitrary<Obstacle> => fc.record({
  lat: fc.double({ min: 53.535, max: 53.575, noNaN: true }), lon: fc.double({ min: 9.94, max: 10.03, noNaN: true }),
  heightM: fc.double({ min: 5, max: 300, noNaN: true }), radiusM: fc.double({ min: 0, max: 80, noNaN: true }),
  polygon: fc.boolean(),
}).map(({ lat, lon, heightM, radiusM, polygon }) => ({
  id: `P${i}`, name: `P${i}`, type: 'TOWER', source: 'property', top: { heightM, ref: 'AGL' },
  footprint: polygon
    ? { kind: 'polygon', ring: [[lon, lat], [lon + 0.001, lat], [lon + 0.0005, lat + 0.0008], [lon, lat]] }
    : { kind: 'point', lat, lon, radiusM },
}) as Obstacle);

describe('obstacle clearance (property)', () => {
  it('every planned leg keeps the clearance of every structure in its band; refusals are declared codes', () => {
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
        const set = compileObstacles(list, index.frame, () => 10, clearance);
        for (const l of r.route.legs) expect(segmentConflicts(set, l.from, l.to)).toEqual([]);
        planned++;
        if (r.route.warnings.some((w) => /went round|cruise raised to \d+ m AGL to overfly/.test(w))) detoured++;
      },
    ), { numRuns: 40, seed: 1707 });
    // the property must have been exercised: routes planned, some of them shaped by structures
    expect(planned).toBeGreaterThanOrEqual(10);
    expect(detoured).toBeGreaterThanOrEqual(3);
  });
});
