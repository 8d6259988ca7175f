/** Live conformance of an intent: late, early, off corridor → Nonconforming volumes that conflict with a planned one. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECONFLICT_RULES, IntentIndex, judgeFix, liveTrack, nonconformingVolumes, stepIntent } from '../../src/deconflict/index.js';
import { frame, intentOf, ll, straightLegs, T0 } from './helpers.js';

const R = DEFAULT_DECONFLICT_RULES;
const A = { ...intentOf({ id: 'A', from: [-2000, 0], to: [2000, 0] }), state: 'Activated' as const };
const track = liveTrack(frame, straightLegs(-2000, 0, 2000, 0));
const fix = (x: number, y: number, tS: number, altAglM = 60) => ({ nowMs: T0 + tS * 1000, ...ll(x, y), altAglM });

describe('judgeFix', () => {
  it.each([
    ['on time at the origin (planned 220 s)', 0, 0, 220, true, undefined],
    ['40 s late there: inside ±(30 + 11) s', 0, 0, 260, true, undefined],
    ['60 s late there', 0, 0, 280, false, /^60 s behind its plan \(allowed 41 s\)$/],
    ['60 s early there', 0, 0, 160, false, /^60 s ahead of its plan/],
    ['40 m off the corridor centre (±15 m)', 0, 40, 220, false, /^40 m off its corridor/],
    ['mid-climb on the pad', -2000, 0, 10, true, undefined],
  ] as [string, number, number, number, boolean, RegExp | undefined][])('%s', (_, x, y, t, ok, reason) => {
    const v = judgeFix(frame, track, A, fix(x, y, t, x === -2000 ? 30 : 60), R);
    expect(v.conforming).toBe(ok);
    if (reason) expect(v.reason).toMatch(reason);
  });

  it('a late flight gets moved volumes and an off-nominal column that now conflict with a planned crossing', () => {
    // B crosses the origin 150 s after A planned to: free while A keeps its times (±5 s buffers)
    const rules = { ...R, timeBufferS: 5, timeBufferPct: 0 };
    const a = { ...intentOf({ id: 'A', from: [-2000, 0], to: [2000, 0] }, rules), state: 'Activated' as const };
    const b = intentOf({ id: 'B', from: [0, -2000], to: [0, 2000], departS: 360 }, rules);
    const index = new IntentIndex(rules);
    index.put(a);
    expect(index.conflicts(b)).toEqual([]);
    index.put(b);
    // A is 150 s late at x = -1000
    const f = fix(-1000, 0, 120 + 150);
    const v = judgeFix(frame, track, a, f, rules);
    expect(v.conforming).toBe(false);
    expect(v.lateS).toBeCloseTo(150, 5);
    const next = stepIntent(a, { kind: 'nonconforming', volumes: nonconformingVolumes(frame, a, f, v, 10, rules), reason: v.reason! });
    expect(next.state).toBe('Nonconforming');
    expect(next.volumes.filter((x) => x.kind === 'offNominal')).toHaveLength(1);
    expect(next.volumes.every((x) => x.tEndMs > f.nowMs)).toBe(true);
    index.put(next);
    const hits = index.conflicts(next).filter((c) => c.otherState === 'Accepted');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.otherId).toBe('B');
  });
});
