import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsXY, type CompiledFootprint } from '../../src/airspace/query/compiled.js';
import { convexLines, deepestOnSegment } from '../../src/airspace/query/lateral-exact.js';
import { distToPolyline } from '../../src/geo/planar.js';

const poly = (pts: ReadonlyArray<readonly [number, number]>): CompiledFootprint => ({ kind: 'polygon', rings: [Float64Array.from([...pts, pts[0]!].flat())] });

/** The sampling the exact clip replaces: containsXY + distance to the ring at each of n samples. */
function sampled(f: CompiledFootprint & { kind: 'polygon' }, ax: number, ay: number, bx: number, by: number, t0: number, t1: number, altA: number, altB: number, n: number): { depth: number; depthPlusAlt: number } | undefined {
  let depth = -Infinity, depthPlusAlt = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = t0 + ((t1 - t0) * i) / (n - 1);
    const x = ax + (bx - ax) * t, y = ay + (by - ay) * t;
    if (!containsXY(f, x, y)) continue;
    const d = distToPolyline(x, y, f.rings[0]!);
    depth = Math.max(depth, d);
    depthPlusAlt = Math.max(depthPlusAlt, d + altA + (altB - altA) * t);
  }
  return depth > -Infinity ? { depth, depthPlusAlt } : undefined;
}

/** A random convex polygon: points on an ellipse at sorted random angles, rotated, either winding. */
const convexPoly = fc.record({
  cx: fc.double({ min: -300, max: 300, noNaN: true }), cy: fc.double({ min: -300, max: 300, noNaN: true }),
  rx: fc.double({ min: 5, max: 400, noNaN: true }), ry: fc.double({ min: 5, max: 400, noNaN: true }),
  rot: fc.double({ min: 0, max: Math.PI, noNaN: true }),
  angles: fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 12 }),
  cw: fc.boolean(),
}).map(({ cx, cy, rx, ry, rot, angles, cw }) => {
  const pts = [...angles].sort((a, b) => a - b).map((deg) => {
    const u = (deg * Math.PI) / 180, ex = rx * Math.cos(u), ey = ry * Math.sin(u);
    return [cx + ex * Math.cos(rot) - ey * Math.sin(rot), cy + ex * Math.sin(rot) + ey * Math.cos(rot)] as const;
  });
  return poly(cw ? pts.reverse() : pts) as CompiledFootprint & { kind: 'polygon' };
});
const coord = fc.double({ min: -800, max: 800, noNaN: true });
const passage = fc.record({ ax: coord, ay: coord, bx: coord, by: coord, u: fc.double({ min: 0, max: 1, noNaN: true }), v: fc.double({ min: 0, max: 1, noNaN: true }), altA: fc.double({ min: 0, max: 150, noNaN: true }), altB: fc.double({ min: 0, max: 150, noNaN: true }) });

describe('exact lateral facts of a passage through a convex polygon', () => {
  it('a square crossed through its middle: deepest 50 m, with altitude at that point', () => {
    const sq = poly([[0, 0], [100, 0], [100, 100], [0, 100]]);
    expect(deepestOnSegment(convexLines(sq)!, -50, 50, 150, 50, 0, 1, 0, 0)).toEqual({ depth: 50, depthPlusAlt: 50 });
    // climbing 0 → 200 m over 200 m: depth + altitude is largest at the exit (0 + 150)
    const r = deepestOnSegment(convexLines(sq)!, -50, 50, 150, 50, 0, 1, 0, 200)!;
    expect(r.depth).toBe(50);
    expect(r.depthPlusAlt).toBeCloseTo(150, 6);
    // a passage parameter window that stops before the polygon: nothing inside
    expect(deepestOnSegment(convexLines(sq)!, -50, 50, 150, 50, 0, 0.2, 0, 0)).toBeUndefined();
  });

  it('non-convex, self-intersecting, holed and open rings are left to sampling', () => {
    expect(convexLines(poly([[0, 0], [100, 0], [100, 100], [50, 100], [50, 50], [0, 50]]))).toBeNull(); // L
    const star = [0, 2, 4, 1, 3].map((k) => [Math.cos((k * 2 * Math.PI) / 5) * 100, Math.sin((k * 2 * Math.PI) / 5) * 100] as const);
    expect(convexLines(poly(star))).toBeNull();
    const sq = [0, 0, 10, 0, 10, 10, 0, 10, 0, 0];
    expect(convexLines({ kind: 'polygon', rings: [Float64Array.from(sq), Float64Array.from([2, 2, 3, 2, 3, 3, 2, 2])] })).toBeNull();
    expect(convexLines({ kind: 'polygon', rings: [Float64Array.from(sq.slice(0, 8))] })).toBeNull();
    expect(convexLines({ kind: 'corridor', pts: Float64Array.from([0, 0, 10, 0]), hw: 5 })).toBeNull();
    // a collinear vertex and a doubled vertex keep a rectangle convex
    expect(convexLines(poly([[0, 0], [50, 0], [100, 0], [100, 0], [100, 20], [0, 20]]))).not.toBeNull();
  });

  it('never shallower than the 5 m sampling it replaces, and within its spacing of a 1 cm sampling (fast-check)', () => {
    fc.assert(fc.property(convexPoly, passage, (f, { ax, ay, bx, by, u, v, altA, altB }) => {
      const lines = convexLines(f);
      expect(lines).not.toBeNull();
      const [t0, t1] = u <= v ? [u, v] : [v, u];
      const len = Math.hypot(bx - ax, by - ay) * (t1 - t0);
      const exact = deepestOnSegment(lines!, ax, ay, bx, by, t0, t1, altA, altB);
      const coarse = sampled(f, ax, ay, bx, by, t0, t1, altA, altB, Math.min(200, Math.max(2, Math.ceil(len / 5) + 1)));
      const nFine = Math.min(20_000, Math.max(2, Math.ceil(len / 0.01) + 1));
      const fine = sampled(f, ax, ay, bx, by, t0, t1, altA, altB, nFine);
      const step = len / (nFine - 1) + 1e-6;
      // whatever a sample finds inside, the exact clip finds too, at least as deep
      if (coarse) {
        expect(exact).toBeDefined();
        expect(exact!.depth).toBeGreaterThanOrEqual(coarse.depth - 1e-7);
        expect(exact!.depthPlusAlt).toBeGreaterThanOrEqual(coarse.depthPlusAlt - 1e-7);
      }
      if (fine) {
        // depth changes ≤ 1 m per metre flown, altitude by |Δalt| over the segment's length
        const slope = 1 + Math.abs(altB - altA) / Math.max(1e-9, Math.hypot(bx - ax, by - ay));
        expect(exact!.depth).toBeLessThanOrEqual(fine.depth + step + 1e-7);
        expect(exact!.depthPlusAlt).toBeLessThanOrEqual(fine.depthPlusAlt + step * slope + 1e-7);
      } else if (exact) {
        expect(exact.depth).toBeLessThanOrEqual(step); // only a graze between fine samples
      }
    }), { numRuns: 400, seed: 11 });
  });
});
