/**
 * Crossing candidates are computed once per water body, margin and bank edge and then reused by
 * every plan over the same index: the same candidates, in the same order, as computing them afresh
 * (the former code, kept here as the oracle), whatever boxes and margins were asked before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { volumesOfZone } from '../../src/airspace/query/create-index.js';
import { waterBodyOf, type BankEdge, type WaterBody } from '../../src/airspace/query/water-body.js';
import { CROSSING_SPACING_M } from '../../src/planner/defaults.js';
import { CROSSING_TILT_DEG, crossingCandidates, crossingsAt, type CrossingCandidate } from '../../src/planner/waterway-crossings.js';
import { hamburgIndex } from './helpers.js';

const plain = (ks: readonly CrossingCandidate[]): unknown[] => ks.map(({ zoneId, ax, ay, bx, by, ring, alongM, tiltRad, exit }) => ({ zoneId, ax, ay, bx, by, ring, alongM, tiltRad, exit }));

describe('crossingCandidates (cached per bank edge)', () => {
  const index = hamburgIndex();
  const waters = index.zones.filter((z) => z.categories.includes('WATERWAY'));

  it('the Hamburg set has waterways with bank edges to test on', () => {
    expect(waters.length).toBeGreaterThan(0);
  });

  // the former, uncached computation, as the oracle
  const oracle = (body: WaterBody, box: { minX: number; minY: number; maxX: number; maxY: number }, m: number): CrossingCandidate[] => {
    const out: CrossingCandidate[] = [];
    const tilt = (CROSSING_TILT_DEG * Math.PI) / 180;
    for (const e of body.edges.search(box)) {
      const cum = body.cum[e.ring]!;
      const a = cum[e.i]!, len = cum[e.i + 1]! - a;
      if (!(len > 0)) continue;
      const k = Math.max(1, Math.floor(len / CROSSING_SPACING_M));
      for (let j = 0; j < k; j++) for (const t of [0, tilt, -tilt]) out.push(...crossingsAt(body, e.ring, a + ((j + 0.5) / k) * len, t, m));
    }
    return out;
  };

  it('gives what computing them afresh gives, for random boxes and margins asked in any order', () => {
    let nonEmpty = 0;
    const unit = fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000);
    fc.assert(fc.property(fc.constantFrom(...waters), fc.array(fc.tuple(fc.nat(), unit, unit, unit, unit, fc.constantFrom(0, 10, 20, 35.5)), { minLength: 1, maxLength: 4 }), (zone, asks) => {
      const body = waterBodyOf(zone.id, volumesOfZone(index, zone));
      const edges = body.edges.all();
      for (const [i, u, v, w, h, m] of asks) {
        // a box of up to 4 km × 4 km near a bank edge (or, now and then, off the water)
        const e = edges[i % edges.length]!;
        const x = (e.minX + e.maxX) / 2 + (u - 0.5) * 4000, y = (e.minY + e.maxY) / 2 + (v - 0.5) * 4000;
        const b = { minX: x, minY: y, maxX: x + w * 4000, maxY: y + h * 4000 };
        const got = crossingCandidates(body, b, m, new Set());
        expect(plain(got)).toEqual(plain(oracle(body, b, m)));
        if (got.length > 0) nonEmpty++;
      }
    }), { numRuns: 100 });
    expect(nonEmpty).toBeGreaterThan(30);
  });

  it('asks each edge once per seen set, also on a second, overlapping box', () => {
    const zone = waters[0]!;
    const body = waterBodyOf(zone.id, volumesOfZone(index, zone));
    const whole = { minX: -1e6, minY: -1e6, maxX: 1e6, maxY: 1e6 };
    const all = crossingCandidates(body, whole, 20, new Set());
    const seen = new Set<BankEdge>();
    const first = crossingCandidates(body, { minX: -3000, minY: -3000, maxX: 3000, maxY: 3000 }, 20, seen);
    const rest = crossingCandidates(body, whole, 20, seen);
    expect(first.length + rest.length).toBe(all.length);
    expect(new Set([...first, ...rest]).size).toBe(all.length);
  });
});
