/** Footprint distances (table) and a brute-force property. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convexHull, footprintGap, hullDistance, type XY } from '../../src/deconflict/index.js';

const P = (x: number, y: number): XY => ({ x, y });

describe('footprintGap', () => {
  const cases: [string, XY[], number, XY[], number, number][] = [
    ['two circles', [P(0, 0)], 10, [P(50, 0)], 10, 30],
    ['crossing capsules', [P(-100, 0), P(100, 0)], 15, [P(0, -100), P(0, 100)], 15, 0],
    ['parallel capsules 75 m apart', [P(-100, 0), P(100, 0)], 15, [P(-100, 75), P(100, 75)], 15, 45],
    ['capsule end to circle', [P(0, 0), P(100, 0)], 5, [P(130, 40)], 5, 40],
    ['circle inside a polygon', convexHull([P(0, 0), P(100, 0), P(100, 100), P(0, 100)]), 0, [P(50, 50)], 1, 0],
  ];
  for (const [name, a, ra, b, rb, gap] of cases) {
    it(`${name}: ${gap} m`, () => {
      expect(footprintGap({ hull: a, radiusM: ra }, { hull: b, radiusM: rb })).toBeCloseTo(gap, 9);
      expect(footprintGap({ hull: b, radiusM: rb }, { hull: a, radiusM: ra })).toBeCloseTo(gap, 9);
    });
  }

  it('hullDistance matches the nearest of densely sampled boundary points (property)', () => {
    const pt = fc.record({ x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) });
    fc.assert(
      fc.property(fc.array(pt, { minLength: 1, maxLength: 6 }), fc.array(pt, { minLength: 1, maxLength: 6 }), (pa, pb) => {
        const a = convexHull(pa);
        const b = convexHull(pb);
        const sample = (h: XY[]): XY[] => h.flatMap((p, i) => {
          const q = h[(i + 1) % h.length]!;
          return Array.from({ length: 200 }, (_, k) => P(p.x + ((q.x - p.x) * k) / 200, p.y + ((q.y - p.y) * k) / 200));
        });
        const d = hullDistance(a, b);
        let brute = Infinity;
        const sa = sample(a), sb = sample(b);
        for (const p of sa) for (const q of sb) brute = Math.min(brute, Math.hypot(p.x - q.x, p.y - q.y));
        // overlapping hulls are 0 apart; otherwise the samples can only be farther than the exact distance
        if (d > 0) {
          expect(brute).toBeGreaterThanOrEqual(d - 1e-9);
          expect(brute - d).toBeLessThan(6);
        }
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});
