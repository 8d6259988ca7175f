/**
 * The edge-box pre-test in pointInRing and in the polygon case of containsXY (a hot spot of whole
 * plans) changes no answer: both equal the plain implementations they replaced — every edge's
 * distance asked — on random rings and points, points on vertices and edges, and points a hair
 * (1e-12 … 1e-5 m) off them, near the local frame's origin and 800 km from it (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsXY } from '../../src/airspace/query/compiled.js';
import { distToSegmentSq, pointInRing } from '../../src/geo/planar.js';

function pointInRingPlain(x: number, y: number, ring: ArrayLike<number>): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = ring[i]!, yi = ring[i + 1]!, xj = ring[j]!, yj = ring[j + 1]!;
    if (distToSegmentSq(x, y, xj, yj, xi, yi) <= 1e-18) return true;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function containsPlain(rings: readonly Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    for (let i = 0; i + 3 < r.length; i += 2) if (distToSegmentSq(x, y, r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!) <= 1e-18) return true;
    if (pointInRingPlain(x, y, r)) inside = !inside;
  }
  return inside;
}

/** A closed star-shaped ring (axis-parallel edges included: rectangles are how waterways arrive). */
const ring = (cx: number, cy: number): fc.Arbitrary<Float64Array> =>
  fc.oneof(
    fc.array(fc.double({ min: 20, max: 2000, noNaN: true }), { minLength: 3, maxLength: 12 }).map((radii) => {
      const pts: number[] = [];
      radii.forEach((r, i) => pts.push(cx + r * Math.cos((2 * Math.PI * i) / radii.length), cy + r * Math.sin((2 * Math.PI * i) / radii.length)));
      return Float64Array.from([...pts, pts[0]!, pts[1]!]);
    }),
    fc.tuple(fc.double({ min: 1, max: 3000, noNaN: true }), fc.double({ min: 1, max: 3000, noNaN: true })).map(([w, h]) => Float64Array.of(cx, cy, cx + w, cy, cx + w, cy + h, cx, cy + h, cx, cy)),
  );

const HAIR = [0, 1e-12, -1e-12, 1e-10, -1e-10, 1e-9, -1e-9, 2e-9, 1e-7, -1e-6, 1e-6, 1e-5];

describe('point in ring with the edge-box pre-test', () => {
  it('equals the plain test on random points, vertices, edge points and points a hair off them', () => {
    fc.assert(fc.property(
      fc.constantFrom(0, 8e5), ring(0, 0), fc.option(ring(200, 100), { nil: undefined }),
      fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(40), fc.constantFrom(...HAIR), fc.constantFrom(...HAIR), fc.tuple(fc.double({ min: -500, max: 3500, noNaN: true }), fc.double({ min: -500, max: 3500, noNaN: true })),
      (off, outer0, hole0, t, k, hx, hy, free) => {
        const shift = (r: Float64Array): Float64Array => r.map((v) => v + off);
        const outer = shift(outer0);
        const rings = hole0 ? [outer, shift(hole0)] : [outer];
        const n = outer.length / 2 - 1;
        const e = k % n;
        const ax = outer[2 * e]!, ay = outer[2 * e + 1]!, bx = outer[2 * e + 2]!, by = outer[2 * e + 3]!;
        const pts: Array<[number, number]> = [
          [free[0] + off, free[1] + off], [ax + hx, ay + hy], [ax + (bx - ax) * t + hx, ay + (by - ay) * t + hy], [ax + (bx - ax) * t, ay + (by - ay) * t],
        ];
        for (const [x, y] of pts) {
          expect(pointInRing(x, y, outer)).toBe(pointInRingPlain(x, y, outer));
          expect(containsXY({ kind: 'polygon', rings }, x, y)).toBe(containsPlain(rings, x, y));
        }
      },
    ), { numRuns: 3000 });
  });
});
