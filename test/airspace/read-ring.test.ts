import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPosition, readRing } from '../../src/airspace/formats/geometry-checks.js';
import { FeatureIssues } from '../../src/airspace/formats/issues.js';
import type { ValidationIssue } from '../../src/airspace/errors.js';

/** The positions loop readRing had before its fast path: readPosition (with its field path) for every position. */
function positionsBefore(v: unknown[], field: string, is: FeatureIssues): unknown {
  const pts: unknown[] = [];
  let ok = true;
  v.forEach((p, i) => {
    const q = readPosition(p, `${field}[${i}]`, is);
    if (q) pts.push(q);
    else ok = false;
  });
  return ok ? pts : undefined;
}

const position = fc.oneof(
  fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })),
  fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }), fc.double()),
  fc.tuple(fc.double(), fc.double()),
  fc.constantFrom<unknown>(null, 'x', [1], ['9.9', 53.5], [Infinity, 0], [0, -Infinity], [NaN, 1], [200, 10], [10, 95], {}),
);

describe('readRing positions (fast path for valid ones)', () => {
  it('reads and reports exactly as readPosition on every position did (fast-check)', () => {
    fc.assert(fc.property(fc.array(position, { minLength: 0, maxLength: 8 }), (ring) => {
      const a: ValidationIssue[] = [], b: ValidationIssue[] = [];
      const got = readRing(ring, 'g', new FeatureIssues(a, 0));
      const before = positionsBefore(ring, 'g', new FeatureIssues(b, 0));
      // readRing goes on to ring checks only when every position was read
      if (before === undefined) {
        expect(got).toBeUndefined();
        expect(a).toEqual(b);
      } else {
        expect(b).toEqual([]);
        expect(a.every((i) => !i.field.includes('['))).toBe(true);
        if (got) expect(got).toEqual(before);
      }
    }), { numRuns: 2000, seed: 11 });
  });
});
