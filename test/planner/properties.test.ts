/**
 * Property tests (fast-check): random deliveries never yield an illegal route, and every refusal
 * carries a declared code and a message; inputs are never mutated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import type { Zone } from '../../src/airspace/types.js';
import { planRoute } from '../../src/planner/plan-route.js';
import { PLAN_REFUSAL_CODES } from '../../src/planner/refusals.js';
import { buildLegs } from '../../src/planner/build-legs.js';
import { groundSpeed } from '../../src/planner/ground-speed.js';
import { pointOfNoReturnM } from '../../src/planner/point-of-no-return.js';
import { shortestPath } from '../../src/planner/search.js';
import { makeShape } from '../../src/planner/shapes.js';
import type { PlanRequest, PlanResult } from '../../src/planner/types.js';
import { hamburgIndex, hamburgZones, profile, vehicle } from './helpers.js';
import { illegalLegs } from './legal-checker.js';

function expectSound(r: PlanResult, zones: readonly Zone[], req: PlanRequest): void {
  if (r.ok) {
    expect(illegalLegs(r.route, zones, req.profile)).toEqual([]);
    expect(r.route.reservePct).toBeGreaterThanOrEqual(req.vehicle.reservePct);
    expect(r.route.legs[0]!.from.altAglM).toBe(0);
    expect(r.route.legs.at(-1)!.to.altAglM).toBe(0);
  } else {
    expect(PLAN_REFUSAL_CODES).toContain(r.refusal.code);
    expect(r.refusal.code).not.toBe('INTERNAL_ROUTE_CHECK');
    expect(r.refusal.message.length).toBeGreaterThan(20);
  }
}

const ZONE_IDS = hamburgZones().map((z) => z.id);

describe('properties on the Hamburg set', () => {
  it('random from/to, consents, times, modes and winds: legal route or explained refusal', () => {
    fc.assert(
      fc.property(
        fc.record({
          from: fc.record({ lat: fc.double({ min: 53.45, max: 53.65, noNaN: true }), lon: fc.double({ min: 9.85, max: 10.15, noNaN: true }) }),
          to: fc.record({ lat: fc.double({ min: 53.45, max: 53.65, noNaN: true }), lon: fc.double({ min: 9.85, max: 10.15, noNaN: true }) }),
          consents: fc.subarray(ZONE_IDS, { maxLength: 6 }),
          departAt: fc.constantFrom('2026-05-04T08:00:00Z', '2026-08-29T11:30:00Z', '2026-08-22T14:00:00Z', '2026-04-03T17:00:00Z'),
          mode: fc.constantFrom('land' as const, 'drop-and-return' as const),
          wind: fc.option(fc.record({ speedMps: fc.double({ min: 0, max: 10, noNaN: true }), fromDeg: fc.double({ min: 0, max: 360, noNaN: true }) }), { nil: undefined }),
        }),
        ({ from, to, consents, departAt, mode, wind }) => {
          const req: PlanRequest = { from, to, departAt, mode, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents }), ...(wind ? { wind } : {}) };
          expectSound(planRoute(req, { index: hamburgIndex() }), hamburgZones(), req);
        },
      ),
      { numRuns: 80, seed: 20260504 },
    );
  });
});

describe('properties without the road/rail risk assessment (Nr. 5 rule c only)', () => {
  it('routes near motorways, railways and waterways keep height below lateral distance, or are refused', () => {
    fc.assert(
      fc.property(
        fc.record({ lat: fc.double({ min: 53.46, max: 53.6, noNaN: true }), lon: fc.double({ min: 9.9, max: 10.1, noNaN: true }) }),
        fc.record({ lat: fc.double({ min: 53.46, max: 53.6, noNaN: true }), lon: fc.double({ min: 9.9, max: 10.1, noNaN: true }) }),
        (from, to) => {
          const req: PlanRequest = { from, to, mode: 'land', vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { roadRailOverflightInRiskAssessment: false }) };
          expectSound(planRoute(req, { index: hamburgIndex() }), hamburgZones(), req);
        },
      ),
      { numRuns: 30, seed: 11 },
    );
  });
});

const zoneArb = fc.record({
  kind: fc.constantFrom('circle', 'polygon', 'corridor'),
  category: fc.constantFrom('CUSTOM' as const, 'CUSTOM' as const, 'WATERWAY' as const, 'ROAD' as const, 'NATURE' as const),
  angle: fc.double({ min: 0, max: Math.PI, noNaN: true }),
  e: fc.double({ min: -1500, max: 1500, noNaN: true }),
  n: fc.double({ min: -800, max: 800, noNaN: true }),
  size: fc.double({ min: 40, max: 400, noNaN: true }),
  lower: fc.constantFrom(0, 0, 0, 80),
  restriction: fc.constantFrom('REQ_AUTHORISATION' as const, 'PROHIBITED' as const),
});

const M_PER_DEG_LAT = 111_250, M_PER_DEG_LON = 66_150; // ≈ at 53.55° N
const toLL = (e: number, n: number): [number, number] => [10 + e / M_PER_DEG_LON, 53.55 + n / M_PER_DEG_LAT];

describe('properties on random synthetic zones', () => {
  it('never an illegal route (turf checker), every refusal explained — obstacles, waterways, roads, nature reserves', () => {
    fc.assert(
      fc.property(fc.array(zoneArb, { minLength: 1, maxLength: 8 }), fc.double({ min: -600, max: 600, noNaN: true }), fc.double({ min: -600, max: 600, noNaN: true }), fc.boolean(), (specs, ys, yg, rr) => {
        const zones: Zone[] = specs.map((s, i) => {
          const nr5 = s.category === 'WATERWAY' || s.category === 'ROAD';
          const L = 2000 + s.size * 5, ca = Math.cos(s.angle), sa = Math.sin(s.angle);
          return {
            id: `R${i}`, country: 'DEU', name: `random ${i}`, categories: [s.category],
            restriction: s.category === 'CUSTOM' ? s.restriction : s.category === 'NATURE' || nr5 ? 'CONDITIONAL' : 'REQ_AUTHORISATION',
            reasons: [], restrictionConditions: [], type: 'COMMON', lateralBufferM: nr5 ? 100 : 0, applicability: { permanent: true, periods: [] }, authorities: [],
            volumes: [{
              footprint: s.kind === 'circle' && !nr5 // roads and waterways are always corridors
                ? { kind: 'circle', center: toLL(s.e, s.n), radiusM: s.size }
                : s.kind === 'corridor' || nr5
                  ? { kind: 'corridor', centreline: [toLL(s.e - L * sa, s.n - L * ca), toLL(s.e, s.n), toLL(s.e + L * sa + 300, s.n + L * ca)], halfWidthM: Math.max(s.size / 2, nr5 ? 130 : 40) }
                  : { kind: 'polygon', rings: [[toLL(s.e - s.size, s.n - s.size / 2), toLL(s.e + s.size, s.n - s.size), toLL(s.e, s.n - s.size / 4), toLL(s.e + s.size / 2, s.n + s.size), toLL(s.e - s.size, s.n - s.size / 2)]] },
              lower: { heightM: s.lower, ref: 'AGL' }, upper: { heightM: 120, ref: 'AGL' },
            }],
          };
        });
        const index = createAirspaceIndex(zones, { origin: { lat: 53.55, lon: 10 } });
        const [fl, fa] = toLL(-2500, ys), [tl, ta] = toLL(2500, yg);
        const req: PlanRequest = { from: { lat: fa, lon: fl }, to: { lat: ta, lon: tl }, mode: 'land', vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { roadRailOverflightInRiskAssessment: rr }) };
        expectSound(planRoute(req, { index }), zones, req);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o) && !ArrayBuffer.isView(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe('inputs are not mutated', () => {
  it('planRoute leaves request (deep-frozen), zones and index untouched', () => {
    const req = deepFreeze<PlanRequest>({
      from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, mode: 'drop-and-return', wind: { speedMps: 4, fromDeg: 250 },
      vehicle: { ...vehicle() }, profile: profile('specific-bvlos-delivery', { consents: ['HHH01', 'HHH02'] }), options: { safetyMarginM: 25 },
    });
    const zonesBefore = structuredClone(hamburgZones());
    const index = hamburgIndex();
    const volumes = index.volumes.length;
    const r = planRoute(req, { index });
    expect(r.ok).toBe(true);
    expect(hamburgZones()).toEqual(zonesBefore);
    expect(index.volumes.length).toBe(volumes);
    // a second identical call gives the identical result (no hidden state)
    expect(planRoute(req, { index })).toEqual(r);
  });
});

describe('other public functions do not mutate their inputs', () => {
  it('shortestPath, buildLegs, pointOfNoReturnM, groundSpeed', () => {
    const shapes = [makeShape({ kind: 'disc', cx: 0, cy: 0 }, 100, 'Z', 0), makeShape({ kind: 'poly', ring: Float64Array.from([200, -50, 300, -50, 300, 50, 200, 50, 200, -50]) }, 20, 'P', 0)];
    const before = structuredClone(shapes);
    const r = shortestPath(deepFreeze({ sx: -500, sy: 0, gx: 600, gy: 10, shapes, special: [], maxLengthM: 5000 }));
    expect(r.kind).toBe('found');
    expect(shapes).toEqual(before);
    const pts = deepFreeze([{ lat: 53.55, lon: 9.99, cruiseAglM: 60 }, { lat: 53.54, lon: 10.0, cruiseAglM: 105 }, { lat: 53.53, lon: 10.01, cruiseAglM: 60 }]);
    const v = deepFreeze({ ...vehicle() });
    const wind = deepFreeze({ speedMps: 3, fromDeg: 200 });
    const plan = buildLegs(pts, v, 'drop-and-return', wind);
    expect(plan.legs.length).toBeGreaterThan(6);
    const legs = deepFreeze(plan.legs);
    expect(pointOfNoReturnM(legs, plan.deliveryLegIndex, v, wind)).toBeGreaterThan(0);
    expect(groundSpeed(10, 45, wind).groundSpeedMps).toBeGreaterThan(0);
  });

  it('a drop-and-return on H2: mirrored return, point of no return at the delivery, legal per the checker', () => {
    const req = deepFreeze<PlanRequest>({ from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, mode: 'drop-and-return', vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents: ['HHH01', 'HHH02'] }) });
    const r = planRoute(req, { index: hamburgIndex() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(illegalLegs(r.route, hamburgZones(), req.profile)).toEqual([]);
    const d = r.route.legs[r.route.deliveryLegIndex]!;
    expect(d).toMatchObject({ kind: 'hover', durationS: 10 });
    expect(d.to.altAglM).toBe(10);
    const outbound = r.route.legs.slice(0, r.route.deliveryLegIndex + 1).reduce((s, l) => s + l.horizontalM, 0);
    expect(r.route.pointOfNoReturnM).toBeCloseTo(outbound, 6);
    expect(r.route.distanceM).toBeCloseTo(2 * outbound, 3);
    expect(r.route.legs.at(-1)!.to).toMatchObject({ lat: req.from.lat, lon: req.from.lon, altAglM: 0 });
  });
});
