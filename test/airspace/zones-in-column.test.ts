/** zonesInColumn is the union of zonesAtPoint over the heights, in index order (Hamburg, fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonesAtPoint, zonesInColumn } from '../../src/airspace/index.js';
import { hamburgIndex } from '../planner/helpers.js';

describe('zonesInColumn', () => {
  it('lists the zones zonesAtPoint lists at any of the heights', () => {
    const index = hamburgIndex();
    let some = 0;
    fc.assert(fc.property(fc.double({ min: 53.45, max: 53.65, noNaN: true }), fc.double({ min: 9.75, max: 10.15, noNaN: true }),
      fc.uniqueArray(fc.constantFrom(0, 10, 30, 49.99, 50, 60, 80, 100, 110, 120, 150), { minLength: 1, maxLength: 4 }), (lat, lon, alts) => {
        const union = new Set(alts.flatMap((altAglM) => zonesAtPoint(index, { lat, lon, altAglM }, { groundAmslM: 10 }).map((h) => h.zone)));
        const want = index.zones.filter((z) => union.has(z));
        const got = zonesInColumn(index, { lat, lon }, alts, { groundAmslM: 10 });
        expect(got).toEqual(want);
        if (got.length > 1) some++;
      }), { numRuns: 1500, seed: 4 });
    expect(some).toBeGreaterThan(100);
  });
});
