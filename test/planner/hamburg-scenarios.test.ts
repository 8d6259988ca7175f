/** H1–H6 on the Hamburg test set: legal per an independent turf checker, expected crossings and avoidances. */
import { describe, expect, it } from 'vitest';
import { planRoute } from '../../src/planner/plan-route.js';
import type { Route } from '../../src/planner/types.js';
import { hamburgIndex, hamburgZones, request, scenario } from './helpers.js';
import { illegalLegs } from './legal-checker.js';

const plan = (id: string, extra = {}, profileExtra = {}): Route => {
  const r = planRoute(request(scenario(id), extra, profileExtra), { index: hamburgIndex() });
  if (!r.ok) throw new Error(`${id}: ${r.refusal.code} ${r.refusal.message}`);
  return r.route;
};
const touched = (r: Route, kind?: string): string[] => [...new Set(r.zones.filter((z) => !kind || z.verdict.kind === kind).map((z) => z.zoneId))].sort();

const CASES: Array<{ id: string; maxDetour: number; free: string[]; avoided: string[]; crossings: string[] }> = [
  { id: 'H1', maxDetour: 1.01, free: ['HHA01', 'HHG01'], avoided: ['HHG02'], crossings: [] },
  { id: 'H2', maxDetour: 1.02, free: ['HHA01', 'HHH01', 'HHH02'], avoided: ['HHP04'], crossings: [] },
  { id: 'H3', maxDetour: 1.02, free: ['HHA01', 'HHH03', 'HHH06'], avoided: ['HHH10'], crossings: [] },
  { id: 'H4', maxDetour: 1.2, free: ['HHA01', 'HHH04', 'HHH07'], avoided: ['HHE02', 'HHI02', 'HHI01'], crossings: ['HHW01', 'HHW02'] },
  { id: 'H5', maxDetour: 1.25, free: ['HHA01'], avoided: ['HHI02'], crossings: [] },
  { id: 'H6', maxDetour: 1.02, free: ['HHA01', 'HHH02', 'HHH04'], avoided: ['HHP04', 'HHG03'], crossings: [] },
];

describe('Hamburg scenarios H1–H6 (specific BVLOS delivery, individual ATC clearance, scenario consents)', () => {
  it.each(CASES)('$id: legal, expected zones, crossings and avoidances', ({ id, maxDetour, free, avoided, crossings }) => {
    const s = scenario(id);
    const route = plan(id);
    const req = request(s);
    expect(illegalLegs(route, hamburgZones(), req.profile)).toEqual([]);
    expect(route.distanceM / 1000).toBeGreaterThanOrEqual(s.straightLineKm * 0.98);
    expect(route.distanceM / 1000).toBeLessThanOrEqual(s.straightLineKm * maxDetour);
    for (const z of free) expect(touched(route, 'free')).toContain(z);
    for (const z of avoided) expect(touched(route)).not.toContain(z);
    expect(touched(route, 'obstacle')).toEqual([]);
    const crossed = touched(route, 'conditional').filter((z) => z.startsWith('HHW'));
    expect(crossed).toEqual(crossings);
    for (const w of crossings) expect(route.warnings.some((t) => t.includes(`federal waterway ${w} at 105 m AGL`))).toBe(true);
    // geojson: one LineString, kind route, [lon, lat, heightAgl]
    const line = route.geojson.features.find((f) => f.properties?.kind === 'route')!;
    expect(line.geometry.type).toBe('LineString');
    const coords = (line.geometry as GeoJSON.LineString).coordinates;
    expect(coords[0]).toEqual([expect.closeTo(s.from.lon, 6), expect.closeTo(s.from.lat, 6), 0]);
    expect(coords[coords.length - 1]).toEqual([expect.closeTo(s.to.lon, 6), expect.closeTo(s.to.lat, 6), 0]);
    expect(route.ceiling[0]?.kind).toBe('free');
    expect(route.legs[route.deliveryLegIndex]?.kind).toBe('descent');
  });

  it('H4 flies each waterway crossing as one straight leg at ≥ 100 m AGL, lower elsewhere', () => {
    const route = plan('H4');
    const high = route.legs.filter((l) => l.kind === 'cruise' && l.from.altAglM >= 100);
    // HHW02 (Köhlbrand) and HHW01 (Norderelbe) are separate zones: each is crossed on its own (at least once)
    expect(high.length).toBeGreaterThanOrEqual(2);
    expect(new Set(route.zones.filter((z) => z.zoneId.startsWith('HHW')).map((z) => z.zoneId))).toEqual(new Set(['HHW01', 'HHW02']));
    for (const l of route.legs.filter((x) => x.kind === 'cruise' && x.from.altAglM < 100)) expect(l.from.altAglM).toBe(60);
    const wz = route.zones.filter((z) => z.zoneId.startsWith('HHW'));
    for (const z of wz) expect(route.legs[z.legIndex]!.from.altAglM).toBeGreaterThanOrEqual(100);
  });

  it('H6 on a match day at Millerntor (HHT02 active) goes around HHT02; on a normal Monday it may pass it', () => {
    const matchDay = plan('H6', { departAt: '2026-08-29T12:00:00Z' });
    expect(touched(matchDay)).not.toContain('HHT02');
    expect(illegalLegs(matchDay, hamburgZones(), request(scenario('H6')).profile)).toEqual([]);
    const monday = plan('H6');
    expect(monday.zones.find((z) => z.zoneId === 'HHT02')?.verdict.kind ?? 'inactive').toBe('inactive');
    expect(matchDay.distanceM).toBeGreaterThanOrEqual(monday.distanceM);
  });

  it('H6 without the risk-assessment option keeps rule (c) at the Verbindungsbahn: every HHB01 passage is free under (c)', () => {
    const route = plan('H6', {}, { roadRailOverflightInRiskAssessment: false });
    for (const z of route.zones.filter((x) => x.zoneId === 'HHB01')) {
      expect(z.verdict.kind).toBe('free');
      expect(z.verdict.decisions[0]?.basis).toBe('c');
    }
  });

  it('refuses a start inside a hospital without consent, naming zone and rule', () => {
    const r = planRoute(request(scenario('H2'), {}, { consents: ['HHH02'] }), { index: hamburgIndex() });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal).toMatchObject({ code: 'START_IN_ZONE', zoneId: 'HHH01', ruleId: 'LUFTVO-21H-3-10' });
    expect(r.refusal.message).toMatch(/HHH01/);
  });

  it('refuses a destination inside a hospital without consent', () => {
    const r = planRoute(request(scenario('H2'), {}, { consents: ['HHH01'] }), { index: hamburgIndex() });
    expect(!r.ok && r.refusal).toMatchObject({ code: 'DESTINATION_IN_ZONE', zoneId: 'HHH02', ruleId: 'LUFTVO-21H-3-10' });
  });

  it('refuses a destination inside an active prohibited event zone (ZONE_PROHIBITED)', () => {
    const s = scenario('H6');
    const r = planRoute({ ...request(s, { departAt: '2026-08-29T12:00:00Z' }), to: { lat: 53.5546, lon: 9.97 } }, { index: hamburgIndex() });
    expect(!r.ok && r.refusal).toMatchObject({ code: 'ZONE_PROHIBITED', zoneId: 'HHT02', ruleId: 'ZONE-PROHIBITED' });
  });

  it('refuses without ATC clearance inside the CTR (START_IN_ZONE, LUFTVO-21H-3-9)', () => {
    const r = planRoute(request(scenario('H2'), {}, { atcClearance: 'none' }), { index: hamburgIndex() });
    expect(!r.ok && r.refusal).toMatchObject({ code: 'START_IN_ZONE', zoneId: 'HHA01', ruleId: 'LUFTVO-21H-3-9' });
  });

  it('under the DFS general clearance (VLOS) it cruises at ≤ 50 m AGL', () => {
    const route = plan('H1', {}, { atcClearance: 'general', vlos: true });
    expect(Math.max(...route.legs.map((l) => l.to.altAglM))).toBeLessThanOrEqual(50);
    expect(route.zones.find((z) => z.zoneId === 'HHA01')?.verdict.kind).toBe('conditional');
  });
});

describe('the independent checker itself', () => {
  it('flags the straight H6 line (UHA Holstenglacis HHP04 without consent)', () => {
    const s = scenario('H6');
    const ok = plan('H6');
    const a = { ...s.from, altAglM: 60 }, b = { ...s.to, altAglM: 60 };
    const straight: Route = { ...ok, legs: [{ kind: 'cruise', from: a, to: b, horizontalM: 7640, groundSpeedMps: 11, durationS: 694, energyWh: 170, startS: 0 }] };
    expect(illegalLegs(straight, hamburgZones(), request(s).profile).some((p) => p.includes('HHP04'))).toBe(true);
  });
});
