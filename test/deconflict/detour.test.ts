/**
 * The lateral detour (third resolution): which volumes of other intents become temporary obstacles
 * (time, height, endpoints), how they are sized for the planner's clearance, and — with the pure
 * planner and mission builder on an empty airspace — that the route planned around them is free
 * and is chosen only after a later departure and the other bands.
 */
import { describe, expect, it } from 'vitest';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import { buildIntent, DEFAULT_DECONFLICT_RULES, DETOUR_TOP_AGL_M, detourObstacles, IntentIndex, resolveConflicts, type DeconflictRules, type OperationalIntent } from '../../src/deconflict/index.js';
import { toLocalXY } from '../../src/geo/to-local.js';
import { PROFILE, VEHICLE } from '../fleet/fixtures.js';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import { planRoute } from '../../src/planner/index.js';
import type { ObstacleClearance } from '../../src/obstacles/types.js';
import { frame, intentOf, ll, T0, type Spec } from './helpers.js';

const EXACT: ObstacleClearance = { horizontalM: 45, verticalM: 12.5 }; // 30 m separation + 15 m corridor; 10 m + 2.5 m band
const A: Spec = { id: 'A', from: [-500, 0], to: [500, 0] };
const N: Spec = { id: 'N', from: [0, -2000], to: [0, 2000] };
const ends = (s: Spec) => [ll(...s.from), ll(...s.to)];

function indexWith(rules: DeconflictRules, ...specs: Spec[]): IntentIndex {
  const index = new IntentIndex(rules);
  for (const s of specs) index.put(intentOf(s, rules));
  return index;
}

describe('detourObstacles: which volumes become obstacles', () => {
  const rules = DEFAULT_DECONFLICT_RULES;
  const cases: { name: string; others: Spec[]; probe: Spec; expect: (ids: string[]) => void }[] = [
    { name: 'same time, same band: the other flight\'s volumes', others: [A], probe: N, expect: (ids) => expect(ids.length).toBeGreaterThan(2) },
    { name: 'two hours later: none (no time overlap)', others: [A], probe: { ...N, departS: 7200 }, expect: (ids) => expect(ids).toEqual([]) },
    { name: 'a band 30 m higher, Return at 60 m: only the other\'s columns reaching up', others: [A], probe: { ...N, h: 90 }, expect: (ids) => expect(ids).toEqual([]) },
    { name: 'a volume over the new plan\'s start is left out (no detour avoids it)', others: [{ id: 'P', from: [600, 2600], to: [0, -2000] }], probe: N, expect: (ids) => expect(ids.some((i) => i.endsWith('/nominal/2'))).toBe(false) },
    { name: 'the new intent\'s own volumes never', others: [], probe: N, expect: (ids) => expect(ids).toEqual([]) },
  ];
  it.each(cases)('$name', (c) => {
    const index = indexWith(rules, ...c.others);
    const obstacles = detourObstacles(index, intentOf(c.probe), { frame, groundAmslM: 10, clearance: EXACT, endpoints: ends(c.probe) });
    c.expect(obstacles.map((o) => o.id));
    for (const o of obstacles) {
      expect(o.id).toBe(`intent:${o.intentId}/${o.volumeId}`);
      expect(o.name).toMatch(new RegExp(`^delivery ${o.intentId}'s .* \\(\\d\\d:\\d\\d:\\d\\d–\\d\\d:\\d\\d:\\d\\d UTC\\)$`));
    }
  });

  it('sizes the outline so that the planner\'s clearance keeps the separation; the top makes it go around', () => {
    const index = indexWith(rules, A);
    const other = index.get('A')!;
    for (const clearance of [EXACT, { horizontalM: 50, verticalM: 50 }, { horizontalM: 20, verticalM: 5 }]) {
      const obstacles = detourObstacles(index, intentOf(N), { frame, groundAmslM: 10, clearance, endpoints: ends(N) });
      expect(obstacles.length).toBeGreaterThan(0);
      for (const o of obstacles) {
        const v = other.volumes.find((x) => x.id === o.volumeId)!;
        // every vertex of the ring lies at least (needed − clearance) beyond the footprint's hull radius
        const need = Math.max(0.5, v.footprint.radiusM + rules.horizontalSeparationM + rules.corridorHalfWidthM + rules.contingencySampleM / 2 - clearance.horizontalM);
        if (o.footprint.kind !== 'polygon') throw new Error('polygon expected');
        for (const [lon, lat] of o.footprint.ring) {
          const [x, y] = toLocalXY(frame, lon, lat);
          const d = Math.min(...v.footprint.hull.map((p, i, h) => segDist({ x, y }, p, h[(i + 1) % h.length]!)));
          expect(d).toBeGreaterThanOrEqual(need - 1e-3);
        }
        expect(o.top).toEqual({ heightM: DETOUR_TOP_AGL_M, ref: 'AGL' }); // around, never over
      }
    }
  });
});

function segDist(p: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }): number {
  const dx = b.x - a.x, dy = b.y - a.y;
  const l2 = dx * dx + dy * dy;
  const u = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2));
  return Math.hypot(p.x - a.x - u * dx, p.y - a.y - u * dy);
}

describe('resolveConflicts with a planned detour (pure planner, empty airspace)', () => {
  // only one band and one minute of delay: the detour is the only way left
  const rules: DeconflictRules = { ...DEFAULT_DECONFLICT_RULES, cruiseBandsAglM: [60], maxDelayS: 60 };
  const airspace = createAirspaceIndex([], { origin: frame.origin });
  const planIntent = (s: Spec, obstacles?: { list: ReturnType<typeof detourObstacles>; clearance: ObstacleClearance }): OperationalIntent | undefined => {
    const departAt = new Date(T0 + (s.departS ?? 0) * 1000).toISOString();
    const r = planRoute({ from: ll(...s.from), to: ll(...s.to), vehicle: VEHICLE, profile: { ...PROFILE, departureTime: departAt }, mode: 'land', departAt }, { index: airspace, ...(obstacles ? { obstacles } : {}) });
    if (!r.ok) return undefined;
    // the rally points the mission gets, as the service does: a Return then flies to the nearest
    const rally = buildDeliveryPlan(r.route, { index: airspace, homeAmslM: 10 }).rally.points;
    return buildIntent(frame, { id: s.id, departAtMs: T0 + (s.departS ?? 0) * 1000, legs: r.route.legs, rallyPoints: rally, returnAltM: 60, descentRateMps: VEHICLE.descentRateMps, groundAmslM: 10 }, rules);
  };

  // N2 reaches A's corridor while A flies it
  const N2: Spec = { id: 'N', from: [0, -700], to: [0, 2000] };
  const cases: { name: string; others: Spec[]; probe: Spec; kind: string }[] = [
    { name: 'a crossing with no free minute and no other band goes around', others: [A], probe: N2, kind: 'detour' },
    { name: 'with a free minute it is delayed instead (preferred)', others: [{ ...A, departS: -120 }], probe: N2, kind: 'delayed' },
    { name: 'nothing to go around: clear', others: [], probe: N2, kind: 'clear' },
  ];
  it.each(cases)('$name', (c) => {
    const index = new IntentIndex(rules);
    for (const s of c.others) index.put(planIntent(s)!);
    const probe = planIntent(c.probe)!;
    let around = 0;
    const r = resolveConflicts(index, probe, {
      detour: () => {
        const list = detourObstacles(index, probe, { frame, groundAmslM: 10, clearance: EXACT, endpoints: ends(c.probe) });
        around = list.length;
        return planIntent(c.probe, { list, clearance: EXACT });
      },
    });
    expect(r.kind).toBe(c.kind);
    if (r.kind !== 'detour') return;
    expect(around).toBeGreaterThan(0);
    expect(index.conflicts(r.intent)).toEqual([]);
    expect(r.conflicts[0]!.otherId).toBe('A');
    expect(r.explanation).toMatch(/^route moved sideways around the conflicting volumes \(no departure within 1 min is free, and no other height band is free\): leg \d+ .* delivery A's /);
    // it is a detour: the straight route runs along x = 0, the detour goes sideways around A's corridor (|x| ≤ 500 m + 15 m + 45 m)
    const sideways = (i: OperationalIntent) => Math.max(...i.volumes.filter((v) => v.kind === 'nominal').flatMap((v) => v.footprint.hull.map((p) => Math.abs(p.x))));
    expect(sideways(probe)).toBeLessThan(1);
    expect(sideways(r.intent)).toBeGreaterThan(500);
  });
});
