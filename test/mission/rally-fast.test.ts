/**
 * The fast rally choice (incremental coverage, cached Return lines, early exits) chooses exactly
 * what the brute force (rally-reference.ts: every candidate set re-checks every sample) chooses —
 * the same points, the same uncovered samples with the same zones — on the Hamburg scenarios and
 * on random routes over random zones and over the Hamburg set.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAirspaceIndex, parseOperationProfile, type AirspaceIndex, type OperationProfile, type Zone } from '../../src/airspace/index.js';
import { chooseRallyPoints, type RallyOptions, type RallyPlan } from '../../src/mission/rally.js';
import { returnAltitudeM } from '../../src/mission/rtl-params.js';
import { planRoute } from '../../src/planner/index.js';
import type { Route } from '../../src/planner/types.js';
import { hamburgIndex, request, scenarios } from '../planner/helpers.js';
import { circleZone, makeRoute, offset } from './fixtures/routes.js';
import { chooseRallyPointsReference } from './rally-reference.js';

const view = (r: RallyPlan): unknown => ({
  points: r.points.map((p) => [p.lat, p.lon, p.alongM]),
  uncovered: r.uncovered.map((u) => [u.sampleIndex, u.target.lat, u.target.lon, u.zoneIds]),
  samples: r.samples,
});

function agree(route: Route, options: RallyOptions): RallyPlan {
  const fast = chooseRallyPoints(route, options);
  expect(view(fast)).toEqual(view(chooseRallyPointsReference(route, options)));
  return fast;
}

const HOME = { lat: 53.55, lon: 10.0 };

/** A random multi-leg route from HOME: climb, 1–4 turns within ~3 km, descent. */
const routeArb = fc.array(fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -3000, max: 3000 })), { minLength: 1, maxLength: 4 })
  .map((pts) => {
    const wps = pts.map(([n, e]) => offset(HOME, n, e));
    const last = wps[wps.length - 1]!;
    return makeRoute([[HOME.lat, HOME.lon, 0], [HOME.lat, HOME.lon, 60], ...wps.map((p) => [p.lat, p.lon, 60] as const), [last.lat, last.lon, 0]]);
  });

const zonesArb = fc.array(fc.record({
  n: fc.integer({ min: -3000, max: 3000 }), e: fc.integer({ min: -3000, max: 3000 }), r: fc.integer({ min: 40, max: 600 }),
  kind: fc.constantFrom<Zone['restriction']>('PROHIBITED', 'REQ_AUTHORISATION', 'NO_RESTRICTION'),
}), { minLength: 1, maxLength: 14 }).map((zs) => zs.map((z, i) => circleZone(`R${i}`, offset(HOME, z.n, z.e), z.r, z.kind)));

const optionsArb = fc.record({ maxPoints: fc.integer({ min: 1, max: 8 }), spacingM: fc.constantFrom(300, 800, 1500), returnAltM: fc.constantFrom(30, 60, 80) });

describe('chooseRallyPoints: the fast path agrees with the brute force', () => {
  it('H1–H6 planned routes, with 8 and 1 rally points', () => {
    const index = hamburgIndex();
    for (const s of scenarios()) {
      const req = request(s);
      const r = planRoute(req, { index });
      if (!r.ok) continue;
      for (const maxPoints of [8, 1]) {
        agree(r.route, { index, profile: req.profile, homeAmslM: 10, returnAltM: returnAltitudeM(r.route), maxPoints });
      }
    }
  });

  it('random routes over random circle zones (prohibited, needing authorisation, free)', () => {
    const profile = parseOperationProfile({ category: 'specific', atcClearance: 'individual', departureTime: '2026-05-04T08:00:00Z' });
    let uncovered = 0;
    fc.assert(fc.property(routeArb, zonesArb, optionsArb, (route, zones, o) => {
      const index: AirspaceIndex = createAirspaceIndex(zones, { origin: HOME });
      if (agree(route, { index, profile, homeAmslM: 10, ...o }).uncovered.length) uncovered++;
    }), { numRuns: 60, seed: 11 });
    // the cases include routes the rally points cannot fully cover (the harder branch)
    expect(uncovered).toBeGreaterThan(0);
  });

  it('random routes over the Hamburg set (conditional zones: CTR, waterways, Nr. 5 infrastructure)', () => {
    const index = hamburgIndex();
    const consents = fc.subarray(['HHH01', 'HHH02', 'HHI01', 'HHI02', 'HHN01']);
    fc.assert(fc.property(routeArb, optionsArb, consents, (route, o, c) => {
      const profile: OperationProfile = parseOperationProfile({ category: 'specific', atcClearance: 'individual', roadRailOverflightInRiskAssessment: true, departureTime: '2026-05-04T08:00:00Z', consents: c });
      agree(route, { index, profile, homeAmslM: 10, ...o });
    }), { numRuns: 25, seed: 5 });
  });
});
