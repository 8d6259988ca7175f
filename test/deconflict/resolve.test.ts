/** Resolution: earliest free departure, another height band, refusal; and the 4-D property over random fleets. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECONFLICT_RULES, earliestFreeDelayS, delayIntent, IntentIndex, resolveConflicts, volumesConflict, type DeconflictRules, type OperationalIntent } from '../../src/deconflict/index.js';
import { intentOf, T0, type Spec } from './helpers.js';

const A: Spec = { id: 'A', from: [-2000, 0], to: [2000, 0] };
const B: Spec = { id: 'B', from: [0, -2000], to: [0, 2000] };

function withA(rules: DeconflictRules = DEFAULT_DECONFLICT_RULES): IntentIndex {
  const index = new IntentIndex(rules);
  index.put(intentOf(A, rules));
  return index;
}

describe('resolveConflicts', () => {
  it('a free plan is clear', () => {
    const r = resolveConflicts(withA(), intentOf({ ...B, departS: 3600 }));
    expect(r.kind).toBe('clear');
  });

  it('a crossing is delayed to the earliest free departure (one step earlier still conflicts)', () => {
    const index = withA();
    const r = resolveConflicts(index, intentOf(B));
    expect(r.kind).toBe('delayed');
    if (r.kind !== 'delayed') return;
    expect(r.delayS % DEFAULT_DECONFLICT_RULES.delayStepS).toBe(0);
    expect(r.delayS).toBeGreaterThan(0);
    expect(index.conflicts(r.intent)).toEqual([]);
    expect(index.conflicts(delayIntent(intentOf(B), r.delayS - DEFAULT_DECONFLICT_RULES.delayStepS)).length).toBeGreaterThan(0);
    expect(r.intent.departAtMs).toBe(T0 + r.delayS * 1000);
    expect(r.explanation).toMatch(/^departure moved (\d+ min )?\d+ s later, to \d\d:\d\d:\d\d UTC \(the earliest free departure\): at the requested time leg \d+ .* delivery A's .* \(Accepted\) between \d\d:\d\d:\d\d and \d\d:\d\d:\d\d UTC/);
  });

  it('finds a free gap between two blocked windows rather than after both', () => {
    const index = withA();
    index.put(intentOf({ ...A, id: 'A2', departS: 1500 }));
    const d = earliestFreeDelayS(index, intentOf(B))!;
    expect(d).toBeLessThan(1500);
    expect(index.conflicts(delayIntent(intentOf(B), d))).toEqual([]);
  });

  it('without a free departure within maxDelayS, moves to the next free cruise band', () => {
    const rules = { ...DEFAULT_DECONFLICT_RULES, maxDelayS: 60 };
    const index = withA(rules);
    const heights: number[] = [];
    const r = resolveConflicts(index, intentOf(B, rules), { atHeight: (h) => (heights.push(h), intentOf({ ...B, h }, rules)) });
    expect(r.kind).toBe('height');
    if (r.kind !== 'height') return;
    expect(heights).toEqual([75]);
    expect(r.cruiseAglM).toBe(75);
    expect(r.intent.cruiseAglM).toBe(75);
    expect(r.explanation).toMatch(/^cruise moved from 60 m to 75 m AGL \(no departure within 1 min is free at 60 m\)/);
  });

  it('tries the detour after the bands, and refuses naming the delivery, the volume and the time when nothing is free', () => {
    const rules = { ...DEFAULT_DECONFLICT_RULES, maxDelayS: 60 };
    const index = withA(rules);
    for (const h of [75, 90]) index.put(intentOf({ ...A, id: `A${h}`, h }, rules));
    let detourAsked = 0;
    const r = resolveConflicts(index, intentOf(B, rules), { atHeight: (h) => intentOf({ ...B, h }, rules), detour: () => (detourAsked++, undefined) });
    expect(detourAsked).toBe(1);
    expect(r.kind).toBe('refused');
    expect(r.explanation).toMatch(/^refused: no departure within 1 min is free, no other cruise band \(60\/75\/90 m AGL\) is free and no detour is free: leg \d+ .* delivery A's leg 1 cruise at 60 m AGL \(part \d\/8\) \(Accepted\) between/);
    if (r.kind === 'refused') expect(r.conflicts[0]!.otherId).toBe('A');
  });
});

// Random fleets over a 6 km square: each new intent is resolved against the accepted ones (delay or
// another band) and accepted unless refused. Afterwards no two accepted intents conflict anywhere.
const spec = fc.record({
  x0: fc.integer({ min: -3000, max: 3000 }), y0: fc.integer({ min: -3000, max: 3000 }),
  x1: fc.integer({ min: -3000, max: 3000 }), y1: fc.integer({ min: -3000, max: 3000 }),
  departS: fc.integer({ min: 0, max: 900 }), band: fc.constantFrom(60, 75, 90),
});

describe('property: no two accepted intents ever overlap in 4-D', () => {
  it('holds for random fleets of 2–14 deliveries', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 2, maxLength: 14 }), fc.integer({ min: 0, max: 1800 }), (specs, maxDelayS) => {
        const rules = { ...DEFAULT_DECONFLICT_RULES, maxDelayS };
        const index = new IntentIndex(rules);
        const accepted: OperationalIntent[] = [];
        specs.forEach((s, i) => {
          if (Math.hypot(s.x1 - s.x0, s.y1 - s.y0) < 100) return;
          const mk = (h: number) => intentOf({ id: `d${i}`, from: [s.x0, s.y0], to: [s.x1, s.y1], h, departS: s.departS }, rules);
          const r = resolveConflicts(index, mk(s.band), { atHeight: mk });
          if (r.kind === 'refused') {
            expect(r.conflicts.length).toBeGreaterThan(0);
            return;
          }
          index.put(r.intent);
          accepted.push(r.intent);
        });
        for (let i = 0; i < accepted.length; i++)
          for (let j = i + 1; j < accepted.length; j++)
            for (const v of accepted[i]!.volumes) for (const w of accepted[j]!.volumes) expect(volumesConflict(v, w, rules)).toBeUndefined();
      }),
      { numRuns: 40, seed: 16 },
    );
  }, 180_000);

  it('the index finds exactly the conflicts a brute force over all pairs finds', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 2, maxLength: 10 }), (specs) => {
        const rules = DEFAULT_DECONFLICT_RULES;
        const intents = specs.map((s, i) => intentOf({ id: `d${i}`, from: [s.x0, s.y0], to: [s.x1, s.y1], h: s.band, departS: s.departS }));
        const index = new IntentIndex(rules);
        for (const it of intents.slice(1)) index.put(it);
        const probe = intents[0]!;
        const found = new Set(index.conflicts(probe).map((c) => `${c.volume.id}|${c.otherId}|${c.other.id}`));
        const brute = new Set<string>();
        for (const o of intents.slice(1)) for (const v of probe.volumes) for (const w of o.volumes) if (volumesConflict(v, w, rules)) brute.add(`${v.id}|${o.id}|${w.id}`);
        expect(found).toEqual(brute);
      }),
      { numRuns: 80, seed: 7 },
    );
  }, 120_000);
});
