/**
 * Conditional zones by rule, on small synthetic sets: federal waterways (Nr. 5 d) crossed in one
 * straight leg at ≥ 100 m AGL within 20° of perpendicular; nature reserves (Nr. 6) overflown above
 * 100 m only when no route avoids them; zones whose vertical limits the cruise clears.
 */
import { describe, expect, it } from 'vitest';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import type { Footprint, LegalCategory, Restriction, Zone } from '../../src/airspace/types.js';
import { toGeodetic } from '../../src/geo/to-geodetic.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { PlanRequest, Route } from '../../src/planner/types.js';
import { profile, vehicle } from './helpers.js';
import { illegalLegs } from './legal-checker.js';

const ORIGIN = { lat: 53.55, lon: 10 };
const frame = createAirspaceIndex([], { origin: ORIGIN }).frame;
const ll = (e: number, n: number): [number, number] => {
  const p = toGeodetic(frame, { eastM: e, northM: n });
  return [p.lon, p.lat];
};
const rect = (e0: number, n0: number, e1: number, n1: number): Footprint => ({ kind: 'polygon', rings: [[ll(e0, n0), ll(e1, n0), ll(e1, n1), ll(e0, n1), ll(e0, n0)]] });
function zone(id: string, cat: LegalCategory, restriction: Restriction, footprints: Footprint[], lower = 0, lateralBufferM = 0): Zone {
  return {
    id, country: 'DEU', name: id, categories: [cat], restriction, reasons: [], restrictionConditions: [], type: 'COMMON', lateralBufferM,
    applicability: { permanent: true, periods: [] }, authorities: [],
    volumes: footprints.map((footprint) => ({ footprint, lower: { heightM: lower, ref: 'AGL' as const }, upper: { heightM: 120, ref: 'AGL' as const } })),
  };
}
const from = { lat: toGeodetic(frame, { eastM: -3000, northM: 0 }).lat, lon: toGeodetic(frame, { eastM: -3000, northM: 0 }).lon };
const to = toGeodetic(frame, { eastM: 3000, northM: 400 });
const req = (extra: Partial<PlanRequest> = {}, p = {}): PlanRequest => ({ from, to, mode: 'land', vehicle: vehicle(), profile: profile('specific-bvlos-delivery', p), ...extra });
const plan = (zones: Zone[], extra: Partial<PlanRequest> = {}, p = {}): ReturnType<typeof planRoute> => planRoute(req(extra, p), { index: createAirspaceIndex(zones, { origin: ORIGIN }) });
const ok = (r: ReturnType<typeof planRoute>): Route => {
  if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message}`);
  return r.route;
};

describe('federal waterway (LUFTVO-21H-3-5 d)', () => {
  const river = (angleDeg: number): Zone => {
    const a = (angleDeg * Math.PI) / 180, L = 15_000;
    return zone('W1', 'WATERWAY', 'CONDITIONAL', [{ kind: 'corridor', centreline: [ll(-L * Math.sin(a), -L * Math.cos(a)), ll(L * Math.sin(a), L * Math.cos(a))], halfWidthM: 300 }], 0, 100);
  };

  it.each([0, 30, 55])('river at %i° from north: one straight leg at 105 m AGL, ≥ 70° to the axis, legal', (angle) => {
    const zones = [river(angle)];
    const r = ok(plan(zones));
    expect(illegalLegs(r, zones, req().profile)).toEqual([]);
    const touches = r.zones.filter((z) => z.zoneId === 'W1' && z.verdict.kind !== 'free');
    expect(touches).toHaveLength(1);
    const leg = r.legs[touches[0]!.legIndex]!;
    expect(leg.kind).toBe('cruise');
    expect(leg.from.altAglM).toBe(105);
    expect(r.warnings.some((w) => /crosses federal waterway W1 at 105 m AGL/.test(w))).toBe(true);
    // climbs to the crossing height outside the corridor and back down afterwards
    expect(r.legs[touches[0]!.legIndex - 1]!.kind).toBe('climb');
    expect(r.legs[touches[0]!.legIndex + 1]!.kind).toBe('descent');
  });

  it('a ceiling below 100 m leaves no legal crossing: NO_ROUTE naming the waterway', () => {
    const r = plan([river(0)], { options: { cruiseCeilingAglM: 90 } });
    expect(!r.ok && r.refusal).toMatchObject({ code: 'NO_ROUTE', zoneId: 'W1', ruleId: 'LUFTVO-21H-3-5' });
  });

  it('with a consent the river is simply free: straight line at cruise height', () => {
    const r = ok(plan([river(0)], {}, { consents: ['W1'] }));
    expect(r.legs.map((l) => l.kind)).toEqual(['climb', 'cruise', 'descent']);
  });
});

describe('nature reserve (LUFTVO-21H-3-6): only when no route avoids it', () => {
  const wall = zone('N1', 'NATURE', 'CONDITIONAL', [rect(-200, -20_000, 200, 20_000)]);
  const gappy = zone('N2', 'NATURE', 'CONDITIONAL', [rect(-200, -20_000, 200, -500), rect(-200, 500, 200, 20_000)]);

  it('a reserve with a gap is avoided at the preferred 60 m', () => {
    const r = ok(plan([gappy]));
    expect(r.zones.map((z) => z.zoneId)).not.toContain('N2');
    expect(Math.max(...r.legs.map((l) => l.to.altAglM))).toBe(60);
  });

  it('a reserve that walls off the destination is overflown above 100 m — only over the reserve — with warnings', () => {
    const zones = [wall];
    const r = ok(plan(zones));
    if (process.env.PLANNER_LOG) console.log(r.legs.map((l) => `${l.kind} ${l.from.altAglM}->${l.to.altAglM} ${l.horizontalM.toFixed(0)} m ${l.energyWh.toFixed(2)} Wh`).join('\n'));
    expect(illegalLegs(r, zones, req().profile)).toEqual([]);
    expect(r.zones.find((z) => z.zoneId === 'N1')?.verdict.kind).toBe('conditional');
    // 60 m to the reserve (wall 400 m wide + 20 m margins), climb, 110 m across it, descent, 60 m on
    expect(r.legs.map((l) => [l.kind, l.to.altAglM])).toEqual([['climb', 60], ['cruise', 60], ['climb', 110], ['cruise', 110], ['descent', 60], ['cruise', 60], ['descent', 0]]);
    const over = r.legs[3]!;
    expect(over.horizontalM).toBeGreaterThan(440);
    expect(over.horizontalM).toBeLessThan(460);
    expect(r.warnings.join('\n')).toMatch(/cruise raised to 110 m AGL over 0\.4 km where no route at 60 m AGL avoids every obstacle; 60 m AGL elsewhere/);
    expect(r.warnings.join('\n')).toMatch(/overflies nature reserve N1 at 110 m AGL because no route avoids it/);
  });

  it('recreational flights may not use the exception: NO_ROUTE', () => {
    const r = plan([wall], {}, { recreational: true });
    expect(!r.ok && r.refusal).toMatchObject({ code: 'NO_ROUTE', zoneId: 'N1', ruleId: 'LUFTVO-21H-3-6' });
  });
});

describe('vertical limits', () => {
  it('a zone starting at 80 m AGL is flown under at 60 m; one starting at 0 m is avoided', () => {
    const high = zone('V1', 'CUSTOM', 'REQ_AUTHORISATION', [{ kind: 'circle', center: ll(0, 200), radiusM: 800 }], 80);
    const low = zone('V2', 'CUSTOM', 'REQ_AUTHORISATION', [{ kind: 'circle', center: ll(0, 200), radiusM: 800 }], 0);
    const under = ok(plan([high]));
    expect(under.legs.map((l) => l.kind)).toEqual(['climb', 'cruise', 'descent']);
    const around = ok(plan([low]));
    expect(around.distanceM).toBeGreaterThan(under.distanceM + 50);
    expect(around.zones.map((z) => z.zoneId)).not.toContain('V2');
    expect(illegalLegs(around, [low], req().profile)).toEqual([]);
  });
});
