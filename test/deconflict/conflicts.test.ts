/** Conflict cases as a table: crossing, head-on, same corridor, vertical separation, time buffers, contingency overlap. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECONFLICT_RULES, IntentIndex, volumesConflict, type DeconflictRules } from '../../src/deconflict/index.js';
import { intentOf, type Spec } from './helpers.js';

// A: west → east through the origin at 60 m, departing at T0: climb 20 s, cruise 400 s, descent 20 s.
const A: Spec = { id: 'A', from: [-2000, 0], to: [2000, 0] };

interface Case {
  name: string;
  b: Spec;
  conflict: boolean;
  /** Kinds of the first conflicting pair (new intent's volume, A's volume). */
  kinds?: [string, string];
  rules?: Partial<DeconflictRules>;
}

const cases: Case[] = [
  { name: 'crossing at the same height and time', b: { id: 'B', from: [0, -2000], to: [0, 2000] }, conflict: true, kinds: ['nominal', 'nominal'] },
  { name: 'crossing 15 m higher (75 m band: 10 m between bands)', b: { id: 'B', from: [0, -2000], to: [0, 2000], h: 75 }, conflict: false },
  { name: 'crossing 10 m higher (5 m between bands < 10 m)', b: { id: 'B', from: [0, -2000], to: [0, 2000], h: 70 }, conflict: true, kinds: ['nominal', 'nominal'] },
  { name: 'crossing 15 m higher with 20 m vertical separation', b: { id: 'B', from: [0, -2000], to: [0, 2000], h: 75 }, conflict: true, rules: { verticalSeparationM: 20 } },
  { name: 'crossing 10 min later', b: { id: 'B', from: [0, -2000], to: [0, 2000], departS: 600 }, conflict: false },
  { name: 'head-on in the same corridor', b: { id: 'B', from: [2000, 0], to: [-2000, 0] }, conflict: true, kinds: ['nominal', 'nominal'] },
  { name: 'same corridor, 60 s behind (inside the ±30 s buffers)', b: { id: 'B', from: [-2000, 0], to: [2000, 0], departS: 60 }, conflict: true },
  { name: 'same corridor after A has landed (and its Return windows closed)', b: { id: 'B', from: [-2000, 0], to: [2000, 0], departS: 600 }, conflict: false },
  { name: 'parallel 75 m apart (footprints 45 m apart ≥ 30 m)', b: { id: 'B', from: [-2000, 75], to: [2000, 75], departS: 0, rally: [[2000, 75]] }, conflict: false },
  { name: 'parallel 55 m apart (25 m < 30 m)', b: { id: 'B', from: [-2000, 55], to: [2000, 55], rally: [[2000, 55]] }, conflict: true },
  { name: 'parallel 55 m apart with 20 m horizontal separation', b: { id: 'B', from: [-2000, 55], to: [2000, 55], rally: [[2000, 55]] }, conflict: false, rules: { horizontalSeparationM: 20 } },
  // time buffers: B crosses the origin at t = 220 + departS; A is there at 220 s; each 500 m piece is
  // occupied for its 50 s ± (30 s + 5 % of elapsed)
  { name: 'crossing 150 s later: the buffers (±41…48 s) still overlap', b: { id: 'B', from: [0, -2000], to: [0, 2000], departS: 150 }, conflict: true },
  { name: "crossing 150 s later with ±5 s buffers: A's nominal volumes are free, its Return home is not", b: { id: 'B', from: [0, -2000], to: [0, 2000], departS: 150 }, conflict: true, kinds: ['nominal', 'contingency'], rules: { timeBufferS: 5, timeBufferPct: 0 } },
  { name: 'crossing 360 s later with ±5 s buffers (after any Return of A passed the origin)', b: { id: 'B', from: [0, -2000], to: [0, 2000], departS: 360 }, conflict: false, rules: { timeBufferS: 5, timeBufferPct: 0 } },
  { name: 'crossing 150 s later with ±5 s + 20 % buffers (growing with flight time)', b: { id: 'B', from: [0, -2000], to: [0, 2000], departS: 150 }, conflict: true, rules: { timeBufferS: 5, timeBufferPct: 20 } },
  {
    name: 'contingency: B passes between A and its rally point north of the route',
    // A's Return lines from its route to a rally point at (0, 900) cross B's route at y = 450, 150 m from A's corridor
    b: { id: 'B', from: [-2000, 450], to: [2000, 450], rally: [[2000, 450]] },
    conflict: true,
    kinds: ['nominal', 'contingency'],
  },
];

describe('conflict detection (table)', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.conflict ? 'conflict' : 'free'}`, () => {
      const rules = { ...DEFAULT_DECONFLICT_RULES, ...c.rules };
      const index = new IntentIndex(rules);
      const a = intentOf(c.name.startsWith('contingency') ? { ...A, rally: [[0, 900], [2000, 0]] } : A, rules);
      index.put(a);
      const found = index.conflicts(intentOf(c.b, rules));
      expect(found.length > 0).toBe(c.conflict);
      // the index agrees with the brute force over every pair
      const brute = intentOf(c.b, rules).volumes.some((v) => a.volumes.some((w) => volumesConflict(v, w, rules)));
      expect(brute).toBe(c.conflict);
      if (c.kinds) expect(found.some((f) => f.volume.kind === c.kinds![0] && f.other.kind === c.kinds![1])).toBe(true);
      for (const f of found) {
        expect(f.otherId).toBe('A');
        expect(f.fromMs).toBeLessThan(f.toMs);
        expect(f.horizontalGapM).toBeLessThan(rules.horizontalSeparationM);
      }
    });
  }

  it('two Return (contingency) volumes never conflict with each other', () => {
    const a = intentOf({ ...A, rally: [[0, 900], [2000, 0]] });
    const b = intentOf({ id: 'B', from: [-2000, 450], to: [2000, 450], rally: [[0, 900]] });
    const ca = a.volumes.filter((v) => v.kind === 'contingency');
    const cb = b.volumes.filter((v) => v.kind === 'contingency');
    expect(ca.length).toBeGreaterThan(0);
    for (const v of ca) for (const w of cb) expect(volumesConflict(v, w, DEFAULT_DECONFLICT_RULES)).toBeUndefined();
  });

  it('an Ended intent releases its volumes', () => {
    const index = new IntentIndex(DEFAULT_DECONFLICT_RULES);
    const a = intentOf(A);
    index.put(a);
    const b = intentOf({ id: 'B', from: [0, -2000], to: [0, 2000] });
    expect(index.conflicts(b).length).toBeGreaterThan(0);
    index.put({ ...a, state: 'Ended', volumes: [] });
    expect(index.size).toBe(0);
    expect(index.conflicts(b)).toEqual([]);
  });
});
