/**
 * segmentIntervalsXY (compiled.ts) answers "no interval" at once when a line separates the segment
 * from the footprint by more than 1 mm (segmentSurelyMisses). Checked against containment along the
 * segment, near misses (within 1 mm) and footprints far from the frame's origin included, and for
 * segments through a point of the footprint's boundary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsXY, segmentIntervalsXY, segmentSurelyMisses, type CompiledFootprint } from '../../src/airspace/query/compiled.js';

const coord = fc.oneof(fc.double({ min: -400, max: 400, noNaN: true }), fc.constantFrom(0, 100, -100, 100.0009, 99.9995));
const footprint: fc.Arbitrary<CompiledFootprint> = fc.oneof(
  fc.record({ kind: fc.constant('circle' as const), cx: coord, cy: coord, r: fc.double({ min: 1, max: 300, noNaN: true }) }),
  fc.array(fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 7 }), { minLength: 1, maxLength: 2 })
    .map((rings) => ({ kind: 'polygon' as const, rings: rings.map((pts) => Float64Array.from([...pts, pts[0]!].flat())) })),
  fc.tuple(fc.array(fc.tuple(coord, coord), { minLength: 1, maxLength: 5 }), fc.double({ min: 1, max: 80, noNaN: true }))
    .map(([pts, hw]) => ({ kind: 'corridor' as const, pts: Float64Array.from(pts.flat()), hw })),
);
const shift = (f: CompiledFootprint, o: number): CompiledFootprint =>
  f.kind === 'circle' ? { ...f, cx: f.cx + o, cy: f.cy + o } : f.kind === 'polygon' ? { ...f, rings: f.rings.map((r) => r.map((v) => v + o)) } : { ...f, pts: f.pts.map((v) => v + o) };

describe('segmentIntervalsXY with its separating-line shortcut', () => {
  it('a segment the shortcut separates has no point in the footprint (fast-check, 400 samples each)', () => {
    let separated = 0;
    fc.assert(fc.property(footprint, coord, coord, coord, coord, fc.constantFrom(0, 0, 750_000), (f0, ax0, ay0, bx0, by0, o) => {
      const f = shift(f0, o), ax = ax0 + o, ay = ay0 + o, bx = bx0 + o, by = by0 + o;
      if (!segmentSurelyMisses(f, ax, ay, bx, by)) return;
      separated++;
      expect(segmentIntervalsXY(f, ax, ay, bx, by)).toEqual([]);
      for (let i = 0; i <= 400; i++) expect(containsXY(f, ax + (bx - ax) * (i / 400), ay + (by - ay) * (i / 400)), `t = ${i / 400}`).toBe(false);
    }), { numRuns: 2500, seed: 9 });
    expect(separated).toBeGreaterThan(300);
  });

  it('segments that touch or graze are never separated (fast-check)', () => {
    // through a point on an edge of a polygon, or on a circle, in any direction
    fc.assert(fc.property(footprint, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (f, u, k, dir, len, at) => {
      let px: number, py: number;
      if (f.kind === 'circle') [px, py] = [f.cx + f.r * Math.cos(u * 2 * Math.PI), f.cy + f.r * Math.sin(u * 2 * Math.PI)];
      else {
        const r = f.kind === 'polygon' ? f.rings[0]! : f.pts;
        const n = r.length / 2, i = k % Math.max(1, n - 1), j = Math.min(n - 1, i + 1);
        [px, py] = [r[2 * i]! + (r[2 * j]! - r[2 * i]!) * u, r[2 * i + 1]! + (r[2 * j + 1]! - r[2 * i + 1]!) * u];
      }
      const ax = px - Math.cos(dir) * len * at, ay = py - Math.sin(dir) * len * at;
      expect(segmentSurelyMisses(f, ax, ay, ax + Math.cos(dir) * len, ay + Math.sin(dir) * len)).toBe(false);
    }), { numRuns: 3000, seed: 10 });
  });

  it('a segment 0.5 mm outside a square edge is tested in full, one 2 mm outside is separated; both miss', () => {
    const sq: CompiledFootprint = { kind: 'polygon', rings: [Float64Array.from([0, 0, 100, 0, 100, 100, 0, 100, 0, 0])] };
    expect(segmentSurelyMisses(sq, -50, 100.0005, 150, 100.0005)).toBe(false);
    expect(segmentIntervalsXY(sq, -50, 100.0005, 150, 100.0005)).toEqual([]);
    expect(segmentSurelyMisses(sq, -50, 100.002, 150, 100.002)).toBe(true);
    expect(segmentIntervalsXY(sq, -50, 100.002, 150, 100.002)).toEqual([]);
    expect(segmentIntervalsXY(sq, -50, 100, 150, 100)).toEqual([[0.25, 0.75]]);
    expect(segmentIntervalsXY(sq, 100, 100, 150, 150)).toEqual([[0, 0]]);
  });
});
