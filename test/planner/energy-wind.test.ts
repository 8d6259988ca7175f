/** Energy, time, reserve, point of no return and wind, computed by hand on an empty airspace. */
import { describe, expect, it } from 'vitest';
import { parseOperationProfile } from '../../src/airspace/profile.js';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import { distanceM } from '../../src/geo/distance.js';
import { groundSpeed } from '../../src/planner/ground-speed.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { PlanRequest, Route, VehicleProfile } from '../../src/planner/types.js';

const index = createAirspaceIndex([], { origin: { lat: 53.55, lon: 10.0 } });
// 1,000 m due east along the parallel (distanceM of src/geo)
const A = { lat: 53.55, lon: 10.0 };
const B = { lat: 53.55, lon: 10.0 + 1000 / (distanceM(A, { lat: 53.55, lon: 10.001 }) / 0.001) };
const V: VehicleProfile = {
  id: 't', name: 'test quad', cruiseSpeedMps: 10, climbRateMps: 2, descentRateMps: 1, batteryWh: 100,
  hoverPowerW: 100, cruisePowerW: 200, climbPowerW: 300, maxWindMps: 12, reservePct: 20,
};
const profile = parseOperationProfile({ category: 'specific', atcClearance: 'individual', departureTime: '2026-05-04T08:00:00Z' });
const req = (extra: Partial<PlanRequest> = {}): PlanRequest => ({ from: A, to: B, vehicle: V, profile, mode: 'land', options: { preferredCruiseAglM: 50 }, ...extra });
const ok = (r: ReturnType<typeof planRoute>): Route => {
  if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message}`);
  return r.route;
};
const Wh = (w: number, s: number): number => (w * s) / 3600;

describe('energy and time, hand-computed (1 km, 50 m cruise, no wind)', () => {
  it('land: climb 25 s at 300 W, cruise 100 s at 200 W, descent 50 s at 100 W', () => {
    const r = ok(planRoute(req(), { index }));
    expect(r.legs.map((l) => l.kind)).toEqual(['climb', 'cruise', 'descent']);
    expect(r.legs.map((l) => l.durationS)).toEqual([expect.closeTo(25, 6), expect.closeTo(100, 1), expect.closeTo(50, 6)]);
    const e = Wh(300, 25) + Wh(200, 100) + Wh(100, 50);
    expect(r.energyWh).toBeCloseTo(e, 2);
    expect(r.durationS).toBeCloseTo(175, 1);
    expect(r.distanceM).toBeCloseTo(1000, 0);
    expect(r.reservePct).toBeCloseTo(100 - e, 2);
    expect(r.legs.map((l) => l.startS)).toEqual([0, expect.closeTo(25, 6), expect.closeTo(125, 1)]);
    expect(r.deliveryLegIndex).toBe(2);
    expect(r.pointOfNoReturnM).toBeUndefined();
  });

  it('drop-and-return: descend to 10 m, hover 10 s, climb, mirror, land at home', () => {
    const r = ok(planRoute(req({ mode: 'drop-and-return' }), { index }));
    expect(r.legs.map((l) => l.kind)).toEqual(['climb', 'cruise', 'descent', 'hover', 'climb', 'return', 'descent']);
    expect(r.deliveryLegIndex).toBe(3);
    const e = Wh(300, 25) + Wh(200, 100) + Wh(100, 40) + Wh(100, 10) + Wh(300, 20) + Wh(200, 100) + Wh(100, 50);
    expect(r.energyWh).toBeCloseTo(e, 2);
    expect(r.distanceM).toBeCloseTo(2000, 0);
    expect(r.pointOfNoReturnM).toBeCloseTo(1000, 0);
    expect(r.legs.at(-1)!.to).toMatchObject({ lat: A.lat, lon: A.lon, altAglM: 0 });
  });

  it('refuses at once when even the straight line cannot keep the reserve (a lower bound)', () => {
    const r = planRoute(req({ vehicle: { ...V, batteryWh: 10 } }), { index });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe('ENERGY_INSUFFICIENT');
    expect(r.refusal.details).toMatchObject({ minEnergyWh: 9, usableWh: 8, batteryWh: 10, requiredReservePct: 20 });
    expect(r.refusal.message).toMatch(/at least 9 Wh, more than the 8 Wh/);
  });

  it('refuses with the numbers and the point of no return when the planned route cannot keep the reserve', () => {
    // head wind 5 m/s out (gs 5), tail wind back (gs 15): the bound (gs 15 both ways) passes, the route does not
    const r = planRoute(req({ mode: 'drop-and-return', vehicle: { ...V, batteryWh: 22 }, wind: { speedMps: 5, fromDeg: 90 } }), { index });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = Wh(300, 25) + Wh(200, 200) + Wh(100, 40) + Wh(100, 10) + Wh(300, 20) + Wh(200, 1000 / 15) + Wh(100, 50);
    expect(r.refusal).toMatchObject({ code: 'ENERGY_INSUFFICIENT', details: { energyWh: Math.round(e * 10) / 10, batteryWh: 22, requiredReservePct: 20 } });
    expect(r.refusal.message).toMatch(/needs 21\.3 Wh .*22 Wh.*below the 20 % reserve/);
    // out 40 J/m + back 13.3 J/m after the climb (2.08 Wh) and its mirror descent (1.39 Wh)
    const x = (17.6 - Wh(300, 25) - Wh(100, 50)) / ((200 / 5 + 200 / 15) / 3600);
    expect(r.refusal.details?.['pointOfNoReturnM']).toBeCloseTo(x, -1);
  });
});

describe('wind: ground speed from the wind triangle', () => {
  it.each([
    { wind: { speedMps: 5, fromDeg: 270 }, track: 90, gs: 15, what: 'tail wind' },
    { wind: { speedMps: 5, fromDeg: 90 }, track: 90, gs: 5, what: 'head wind' },
    { wind: { speedMps: 6, fromDeg: 0 }, track: 90, gs: 8, what: 'cross wind' },
    { wind: { speedMps: 0, fromDeg: 0 }, track: 90, gs: 10, what: 'calm' },
  ])('$what: ground speed $gs m/s', ({ wind, track, gs }) => {
    expect(groundSpeed(10, track, wind).groundSpeedMps).toBeCloseTo(gs, 9);
  });

  it('head wind costs time and energy, tail wind saves them, at the same air speed and power', () => {
    const calm = ok(planRoute(req(), { index }));
    const head = ok(planRoute(req({ wind: { speedMps: 5, fromDeg: 90 } }), { index }));
    const tail = ok(planRoute(req({ wind: { speedMps: 5, fromDeg: 270 } }), { index }));
    const cross = ok(planRoute(req({ wind: { speedMps: 5, fromDeg: 0 } }), { index }));
    expect(head.legs[1]!.groundSpeedMps).toBeCloseTo(5, 6);
    expect(tail.legs[1]!.groundSpeedMps).toBeCloseTo(15, 6);
    expect(head.durationS).toBeGreaterThan(cross.durationS);
    expect(cross.durationS).toBeGreaterThan(calm.durationS);
    expect(calm.durationS).toBeGreaterThan(tail.durationS);
    expect(head.energyWh).toBeGreaterThan(cross.energyWh);
    expect(cross.energyWh).toBeGreaterThan(calm.energyWh);
    expect(calm.energyWh).toBeGreaterThan(tail.energyWh);
    expect(head.legs[1]!.durationS).toBeCloseTo(200, 1);
    expect(head.energyWh - calm.energyWh).toBeCloseTo(Wh(200, 100), 2);
  });

  it('drop-and-return in a steady wind costs more than in calm air (out and back do not cancel)', () => {
    const calm = ok(planRoute(req({ mode: 'drop-and-return' }), { index }));
    const windy = ok(planRoute(req({ mode: 'drop-and-return', wind: { speedMps: 5, fromDeg: 90 } }), { index }));
    expect(windy.energyWh).toBeGreaterThan(calm.energyWh);
  });

  it('refuses wind above the vehicle limit, and wind that leaves no ground speed on a leg', () => {
    const strong = planRoute(req({ wind: { speedMps: 13, fromDeg: 90 } }), { index });
    expect(!strong.ok && strong.refusal).toMatchObject({ code: 'WIND_TOO_STRONG', details: { windMps: 13, maxWindMps: 12 } });
    const none = planRoute(req({ wind: { speedMps: 11, fromDeg: 90 }, vehicle: { ...V, maxWindMps: 15 } }), { index });
    expect(!none.ok && none.refusal.code).toBe('WIND_TOO_STRONG');
    expect(!none.ok && none.refusal.message).toMatch(/could not hold position/);
    // the slowest track is straight into the wind (gs = Va − w): 9 m/s head wind still gives 1 m/s
    const crawl = ok(planRoute(req({ wind: { speedMps: 9, fromDeg: 90 }, vehicle: { ...V, maxWindMps: 15, batteryWh: 1000 } }), { index }));
    expect(crawl.legs[1]!.groundSpeedMps).toBeCloseTo(1, 9);
    expect(crawl.legs[1]!.durationS).toBeCloseTo(1000, 0);
    const exact = planRoute(req({ wind: { speedMps: 10, fromDeg: 90 }, vehicle: { ...V, maxWindMps: 15 } }), { index });
    expect(!exact.ok && exact.refusal.code).toBe('WIND_TOO_STRONG');
  });
});
