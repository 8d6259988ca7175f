import { describe, expect, it } from 'vitest';
import { isAirspaceError } from '../../src/airspace/errors.js';
import { routeConstraints, type RouteInput } from '../../src/airspace/query/route-constraints.js';
import { createLocalFrame } from '../../src/geo/local-frame.js';
import { toGeodetic } from '../../src/geo/to-geodetic.js';
import { toLocalXY } from '../../src/geo/to-local.js';
import { expectGolden, GROUND, hamburgIndex, profile, readJson, REPO, snapshot } from './helpers.js';

type Scenario = { id: string; from: { lat: number; lon: number }; to: { lat: number; lon: number }; consents: string[] };
const { scenarios } = readJson(`${REPO}missions/deliveries/hamburg.json`) as { scenarios: Scenario[] };
const idx = hamburgIndex();
const straight = (s: Scenario, altAglM: number): RouteInput => ({ waypoints: [{ ...s.from, altAglM }, { ...s.to, altAglM }], groundSpeedMps: 15 });

describe('routeConstraints on H1–H6 (specific category, individual ATC clearance, origin/destination consents)', () => {
  it('golden: verdicts, rule ids and passages', () => {
    const out = scenarios.map((s) => {
      const r = routeConstraints(idx, straight(s, 80), profile({ atcClearance: 'individual', consents: s.consents }), GROUND);
      return {
        id: s.id, kind: r.kind, lengthM: Math.round(r.lengthM),
        constraints: r.constraints.map((c) => ({
          zoneId: c.zoneId, kind: c.verdict.kind, rules: c.verdict.decisions.map((d) => d.ruleId),
          entryM: Math.round(c.entryM), exitM: Math.round(c.exitM), entryTime: c.entryTime, sentences: c.verdict.decisions.map((d) => d.sentence),
        })),
      };
    });
    expect(out.find((o) => o.id === 'H2')!.kind).toBe('free');
    expectGolden('hamburg-routes.json', out);
  });
  it('H2 without consents is blocked by both hospitals, with sentences naming them', () => {
    const s = scenarios.find((x) => x.id === 'H2')!;
    const r = routeConstraints(idx, straight(s, 80), profile({ atcClearance: 'individual' }), GROUND);
    const blocked = r.constraints.filter((c) => c.verdict.kind === 'obstacle');
    expect(blocked.map((c) => c.zoneId)).toEqual(['HHH01', 'HHH02']);
    expect(blocked[0]!.verdict.decisions[0]!.sentence).toContain('HHH01');
    expect(blocked[0]!.verdict.decisions[0]!.ruleId).toBe('LUFTVO-21H-3-10');
  });
  it('H2 without ATC clearance: the CTR is an obstacle (LUFTVO-21H-3-9)', () => {
    const s = scenarios.find((x) => x.id === 'H2')!;
    const r = routeConstraints(idx, straight(s, 80), profile({ consents: s.consents }), GROUND);
    expect(r.constraints.find((c) => c.zoneId === 'HHA01')!.verdict.decisions[0]!.ruleId).toBe('LUFTVO-21H-3-9');
    expect(r.kind).toBe('obstacle');
  });
  it('HEIGHT-CEILING-120: a 130 m leg is reported', () => {
    const s = scenarios.find((x) => x.id === 'H2')!;
    const r = routeConstraints(idx, straight(s, 130), profile({ atcClearance: 'individual', consents: s.consents }), GROUND);
    expect(r.ceiling.map((c) => [c.segmentIndex, c.decision.ruleId])).toEqual([[0, 'HEIGHT-CEILING-120']]);
    expect(r.kind).toBe('obstacle');
  });
  it('H6 meets the Heiligengeistfeld event zone on a Dom evening but not in the morning', () => {
    const s = scenarios.find((x) => x.id === 'H6')!;
    const p = profile({ atcClearance: 'individual', consents: s.consents });
    const evening = routeConstraints(idx, { ...straight(s, 60), departureTime: '2026-04-03T16:00:00Z' }, p, GROUND);
    const morning = routeConstraints(idx, { ...straight(s, 60), departureTime: '2026-04-03T06:00:00Z' }, p, GROUND);
    expect(evening.constraints.find((c) => c.zoneId === 'HHT02')!.verdict.decisions[0]!.ruleId).toBe('ZONE-PROHIBITED');
    expect(morning.constraints.find((c) => c.zoneId === 'HHT02')!.verdict.kind).toBe('inactive');
  });
});

describe('LUFTVO-21H-3-5 on real geometry', () => {
  const p = profile({ atcClearance: 'individual' });
  // Norderelbe between Baumwall and the Elbbrücken
  const south = { lat: 53.5362, lon: 9.9725 }, north = { lat: 53.5458, lon: 9.9805 }; // perpendicular to the Norderelbe axis (≈ 296°) near the Elbphilharmonie
  const elbe = (alt: number, a = south, b = north) => routeConstraints(idx, { waypoints: [{ ...a, altAglM: alt }, { ...b, altAglM: alt }], groundSpeedMps: 15 }, p, GROUND)
    .constraints.find((c) => c.zoneId === 'HHW01')!;
  it('waterway (d): perpendicular at 110 m → conditional, confirm no vessels below', () => {
    const c = elbe(110);
    expect(c.passage.crossingAngleDeg!).toBeGreaterThan(70);
    expect(c.verdict.kind).toBe('conditional');
    expect(JSON.stringify(c.verdict.decisions[0]!.options)).toContain('no-vessels');
  });
  it('waterway: perpendicular at 60 m → obstacle', () => expect(elbe(60).verdict.kind).toBe('obstacle'));
  it('waterway: following the river at 110 m → obstacle (not the shortest path)', () => {
    const c = elbe(110, { lat: 53.5432, lon: 9.975 }, { lat: 53.5428, lon: 9.945 });
    expect(c.passage.crossingAngleDeg!).toBeLessThan(20);
    expect(c.verdict.kind).toBe('obstacle');
  });
  it('road (c): parallel to the A24, 80 m from the centreline (60 m from the road), free at 40 m AGL, obstacle at 70 m', () => {
    const a = { lon: 10.079, lat: 53.5555 }, b = { lon: 10.125, lat: 53.563 };
    const f = createLocalFrame({ lat: (a.lat + b.lat) / 2, lon: (a.lon + b.lon) / 2 });
    const [ax, ay] = toLocalXY(f, a.lon, a.lat), [bx, by] = toLocalXY(f, b.lon, b.lat);
    const len = Math.hypot(bx - ax, by - ay), nx = (-(by - ay) / len) * 80, ny = ((bx - ax) / len) * 80;
    const p0 = toGeodetic(f, { eastM: ax + (bx - ax) * 0.3 + nx, northM: ay + (by - ay) * 0.3 + ny });
    const p1 = toGeodetic(f, { eastM: ax + (bx - ax) * 0.6 + nx, northM: ay + (by - ay) * 0.6 + ny });
    const at = (alt: number) => routeConstraints(idx, { waypoints: [{ ...p0, altAglM: alt }, { ...p1, altAglM: alt }], groundSpeedMps: 15 }, p, GROUND)
      .constraints.find((c) => c.zoneId === 'HHR03')!;
    const low = at(40);
    expect(low.passage.minLateralDistanceM!).toBeCloseTo(60, 0);
    expect([low.verdict.kind, low.verdict.decisions[0]!.basis]).toEqual(['free', 'c']);
    expect(at(70).verdict.kind).toBe('obstacle');
  });
});

describe('routeConstraints input handling', () => {
  const s = scenarios[0]!;
  it.each([
    { name: 'one waypoint', route: { waypoints: [{ ...s.from, altAglM: 50 }], groundSpeedMps: 10 } },
    { name: 'no timing', route: { waypoints: [{ ...s.from, altAglM: 50 }, { ...s.to, altAglM: 50 }] } },
    { name: 'decreasing time offsets', route: { waypoints: [{ ...s.from, altAglM: 50 }, { ...s.to, altAglM: 50 }], timeOffsetsS: [10, 5] } },
    { name: 'NaN latitude', route: { waypoints: [{ lat: NaN, lon: 10, altAglM: 50 }, { ...s.to, altAglM: 50 }], groundSpeedMps: 10 } },
  ])('ROUTE_INVALID: $name', ({ route }) => {
    expect(() => routeConstraints(idx, route as RouteInput, profile(), GROUND)).toThrow(expect.objectContaining({ code: 'ROUTE_INVALID' }));
  });
  it('explicit time offsets set entry/exit times; merged passages span segments', () => {
    const mid = { lat: (s.from.lat + s.to.lat) / 2, lon: (s.from.lon + s.to.lon) / 2 };
    const r = routeConstraints(idx, { waypoints: [{ ...s.from, altAglM: 50 }, { ...mid, altAglM: 50 }, { ...s.to, altAglM: 50 }], timeOffsetsS: [0, 60, 120], departureTime: '2026-05-04T08:00:00Z' }, profile({ atcClearance: 'individual' }), GROUND);
    const ctr = r.constraints.find((c) => c.zoneId === 'HHA01')!;
    expect([ctr.firstSegment, ctr.lastSegment, ctr.entryTime, ctr.exitTime]).toEqual([0, 1, '2026-05-04T08:00:00.000Z', '2026-05-04T08:02:00.000Z']);
    expect(r.durationS).toBe(120);
  });
  it('does not mutate its inputs', () => {
    const route = straight(s, 80);
    const p = profile({ consents: ['HHG01'] });
    const checks = [snapshot(route), snapshot(p)];
    routeConstraints(idx, route, p, GROUND);
    checks.forEach((c) => c());
  });
  it('errors are AirspaceErrors', () => {
    try {
      routeConstraints(idx, { waypoints: [] }, profile());
    } catch (e) {
      expect(isAirspaceError(e, 'ROUTE_INVALID')).toBe(true);
    }
  });
});
