import { describe, expect, it } from 'vitest';
import { circleCrossings, distToPolyline, distToSegmentSq, pointInRing, segmentCrossings, segmentsIntersect } from '../../src/geo/planar.js';

const SQUARE = [0, 0, 1, 0, 1, 1, 0, 1, 0, 0];

describe('planar primitives', () => {
  it.each([
    [0.5, 0.5, true], [1.5, 0.5, false], [0, 0.5, true], [1, 1, true], [-0.0001, 0.5, false],
  ])('pointInRing(%f, %f) → %s (edges inclusive)', (x, y, want) => expect(pointInRing(x, y, SQUARE)).toBe(want));

  it('distances', () => {
    expect(distToSegmentSq(0, 1, -1, 0, 1, 0)).toBe(1);
    expect(distToPolyline(0.5, 0.2, [0, 0, 1, 0])).toBeCloseTo(0.2);
    expect(distToPolyline(3, 4, [0, 0])).toBe(5);
  });

  it('segment and circle crossings', () => {
    const ts: number[] = [];
    segmentCrossings(0, 0, 2, 0, 1, -1, 1, 1, ts);
    expect(ts).toEqual([0.5]);
    const cs: number[] = [];
    circleCrossings(-2, 0, 2, 0, 0, 0, 1, cs);
    expect(cs).toEqual([0.25, 0.75]);
  });

  it.each([
    [[0, 0, 2, 2, 0, 2, 2, 0], true], [[0, 0, 1, 0, 2, 0, 3, 0], false], [[0, 0, 2, 0, 1, 0, 3, 0], true], [[0, 0, 1, 1, 1, 0, 2, -1], false],
  ])('segmentsIntersect(%j) → %s', (c, want) => {
    const [a, b, cc, d, e, f, g, h] = c as number[];
    expect(segmentsIntersect(a!, b!, cc!, d!, e!, f!, g!, h!)).toBe(want);
  });

  it('does not mutate rings', () => {
    const r = [...SQUARE];
    pointInRing(0.5, 0.5, r);
    distToPolyline(0.5, 0.5, r);
    expect(r).toEqual(SQUARE);
  });
});
