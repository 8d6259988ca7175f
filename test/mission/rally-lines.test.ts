/**
 * The Return-line checker answers two questions (src/mission/rally-lines.ts): `zones` judges every
 * crossing as routeConstraints does (what is reported), `blocked` stops at the first crossing that
 * blocks and decides conditional crossings from one piece when it can (what choosing points asks).
 * `blocked(s, t)` must equal `zones(s, t).length > 0` for every pair, whichever is asked first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOperationProfile, type HeightOptions, type OperationProfile } from '../../src/airspace/index.js';
import { horizontalM } from '../../src/mission/build-mission.js';
import { distanceRows } from '../../src/mission/rally-coverage.js';
import { returnLineChecker, type ReturnLineOptions } from '../../src/mission/rally-lines.js';
import { sampleRoute } from '../../src/mission/rally.js';
import { returnAltitudeM } from '../../src/mission/rtl-params.js';
import { planRoute } from '../../src/planner/index.js';
import type { LatLon, Route } from '../../src/planner/types.js';
import { hamburgIndex, request, scenarios } from '../planner/helpers.js';
import { makeRoute, offset } from './fixtures/routes.js';

const HOME = { lat: 53.55, lon: 10.0 };

function options(route: Route, profile: OperationProfile, extra: Partial<ReturnLineOptions> = {}): ReturnLineOptions {
  const heightOpts: HeightOptions = { groundAmslM: 10 };
  const departMs = Date.parse(profile.departureTime);
  return {
    index: hamburgIndex(), profile, heightOpts, ground: () => 10, returnAltM: returnAltitudeM(route), departMs,
    untilMs: departMs + route.durationS * 1000, speedMps: route.request.vehicle.cruiseSpeedMps, ...extra,
  };
}

/** Asks every `step`-th pair both ways round (blocked first on one checker, zones first on another). */
function agreeOnPairs(route: Route, o: ReturnLineOptions, step: number): { blocked: number; pairs: number } {
  const samples = sampleRoute(route, 25);
  const first = returnLineChecker(samples, o), second = returnLineChecker(samples, o);
  let blocked = 0, pairs = 0;
  for (let s = 0; s < samples.length; s += step) {
    for (let t = (s * 7) % step; t < samples.length; t += step) {
      const b = first.blocked(s, t);
      expect(b, `sample ${s} → ${t}: ${first.zones(s, t).join(', ')}`).toBe(first.zones(s, t).length > 0);
      expect(second.zones(s, t).length > 0).toBe(b);
      expect(second.blocked(s, t)).toBe(b);
      pairs++;
      if (b) blocked++;
    }
  }
  return { blocked, pairs };
}

describe('returnLineChecker: blocked(s, t) is zones(s, t).length > 0', () => {
  it('H1–H6 planned routes (waterway crossings at 105 m, Nr. 5 buffers, hospitals)', () => {
    let blocked = 0, pairs = 0;
    for (const sc of scenarios()) {
      const req = request(sc);
      const r = planRoute(req, { index: hamburgIndex() });
      if (!r.ok) continue;
      const x = agreeOnPairs(r.route, options(r.route, req.profile), 5);
      blocked += x.blocked;
      pairs += x.pairs;
    }
    // both answers occur often
    expect(blocked).toBeGreaterThan(pairs / 10);
    expect(pairs - blocked).toBeGreaterThan(pairs / 10);
  });

  it('with structures on the lines (lineBlockers) and a climb into zones (low route height)', () => {
    const req = request(scenarios().find((s) => s.id === 'H4')!);
    const r = planRoute(req, { index: hamburgIndex() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // a "mast" 300 m around a point a third of the way: lines passing near it are blocked
    const mid = r.route.legs[Math.floor(r.route.legs.length / 3)]!.to;
    const lineBlockers = (a: LatLon, b: LatLon): string[] => {
      const t = Math.max(0, Math.min(1, ((mid.lat - a.lat) * (b.lat - a.lat) + (mid.lon - a.lon) * (b.lon - a.lon)) / ((b.lat - a.lat) ** 2 + (b.lon - a.lon) ** 2 || 1)));
      return horizontalM(mid, { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t }) < 300 ? ['MAST'] : [];
    };
    agreeOnPairs(r.route, options(r.route, req.profile, { lineBlockers, returnAltM: 110 }), 4);
  });

  it('random routes over the Hamburg set, random consents and return heights (fast-check)', () => {
    const routeArb = fc.array(fc.tuple(fc.integer({ min: -4000, max: 4000 }), fc.integer({ min: -4000, max: 4000 })), { minLength: 1, maxLength: 3 })
      .chain((pts) => fc.constantFrom(30, 60, 105).map((alt) => {
        const wps = pts.map(([n, e]) => offset(HOME, n, e));
        const last = wps[wps.length - 1]!;
        return makeRoute([[HOME.lat, HOME.lon, 0], [HOME.lat, HOME.lon, alt], ...wps.map((p) => [p.lat, p.lon, alt] as const), [last.lat, last.lon, 0]]);
      }));
    const consents = fc.subarray(['HHH01', 'HHH02', 'HHI01', 'HHI02', 'HHN01', 'HHW01']);
    fc.assert(fc.property(routeArb, consents, fc.boolean(), fc.constantFrom(30, 60, 100, 110), (route, c, rr, returnAltM) => {
      const profile = parseOperationProfile({ category: 'specific', atcClearance: 'individual', roadRailOverflightInRiskAssessment: rr, departureTime: '2026-05-04T08:00:00Z', consents: c });
      agreeOnPairs(route, options(route, profile, { returnAltM }), 6);
    }), { numRuns: 30, seed: 8 });
  });
});

describe('distanceRows', () => {
  it('row(i)[j] is horizontalM(samples[j], samples[i]) and horizontalM(samples[i], samples[j]) to the bit (fast-check)', () => {
    const pt = fc.record({ lat: fc.double({ min: -80, max: 80, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
    fc.assert(fc.property(fc.array(pt, { minLength: 1, maxLength: 12 }), (pts) => {
      const samples = pts.map((p, i) => ({ ...p, altAglM: 60, alongM: i, tS: i }));
      const rows = distanceRows(samples);
      for (let i = 0; i < samples.length; i++) {
        for (let j = 0; j < samples.length; j++) {
          expect(rows(i)[j]).toBe(horizontalM(samples[j]!, samples[i]!));
          expect(rows(i)[j]).toBe(horizontalM(samples[i]!, samples[j]!));
        }
      }
    }), { numRuns: 200, seed: 2 });
  });
});
