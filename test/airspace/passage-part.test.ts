/**
 * The yes/no shortcut of Return-line checks (src/mission/rally-lines.ts) rests on two claims:
 * anyCrossingPiece visits exactly the pieces crossingsOnSegment merges into passages, and a piece
 * that pieceMakesObstacle / obstacleOnWhole call an obstacle belongs to a passage the rules engine
 * (segmentPassageVerdict, i.e. routeConstraints) calls an obstacle. Both against the full answers.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  anyCrossingPiece, createAirspaceIndex, crossingsOnSegment, evaluateZone, importEd269, obstacleOnWhole, parseOperationProfile, pieceMakesObstacle,
  resolvePassage, segmentPassageVerdict, type AirspaceIndex, type Condition, type OperationProfile, type PassageFacts, type Position3D, type RuleDecision,
} from '../../src/airspace/index.js';
import { toGeodetic, toLocalXY } from '../../src/geo/index.js';
import { hamburgIndex, REPO } from '../planner/helpers.js';

const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ kind: fc.constant('minAltAglM' as const), valueM: fc.constantFrom(50, 100), strict: fc.boolean() }),
  fc.record({ kind: fc.constant('maxAltAglM' as const), valueM: fc.constantFrom(50, 100) }),
  fc.record({ kind: fc.constant('altBelowLateralDistance' as const), minLateralM: fc.constantFrom(0, 10) }),
  fc.record({ kind: fc.constant('perpendicularCrossing' as const), maxDeviationDeg: fc.constant(20) }),
  fc.record({ kind: fc.constant('notDuringLocalHours' as const), startTime: fc.constant('22:00'), endTime: fc.constant('06:00'), timeZone: fc.constant('Europe/Berlin') }),
  fc.record({ kind: fc.constant('attestation' as const), id: fc.constant('x'), text: fc.constant('confirm x') }),
);
const decisionArb: fc.Arbitrary<RuleDecision> = fc.record({
  kind: fc.constantFrom('conditional' as const, 'conditional' as const, 'obstacle' as const, 'free' as const),
  options: fc.option(fc.array(fc.record({ id: fc.constant('o'), label: fc.constant('o'), conditions: fc.array(conditionArb, { maxLength: 3 }) }), { maxLength: 3 }), { nil: undefined }),
}).map(({ kind, options }) => ({ kind, ruleId: 'LUFTVO-21H-3-5', zoneId: 'Z', sentence: 'Z: test', ...(options ? { options } : {}) }));
// one option of one condition (beside an attestation) most often: then a single wrong threshold shows
const decisionOrSimple: fc.Arbitrary<RuleDecision> = fc.oneof(decisionArb, conditionArb.map((c) => ({
  kind: 'conditional' as const, ruleId: 'LUFTVO-21H-3-5' as const, sentence: 'Z: test',
  options: [{ id: 'o', label: 'o', conditions: [c, { kind: 'attestation' as const, id: 'x', text: 'x' }] }],
})));
// heights and distances at and near the thresholds (0, 10, 50, 100), so fine margins are exercised
const offsets = fc.constantFrom(0, 1e-9, 1e-7, -1e-7, 1e-5, -1e-5, 0.3, -0.3, 2, -2);
const near = fc.oneof(fc.tuple(fc.constantFrom(0, 10, 50, 100), offsets).map(([v, o]) => v + o), fc.double({ min: -50, max: 150, noNaN: true }));
const worse = fc.oneof(fc.constantFrom(0, 0, 1e-9), fc.double({ min: 0, max: 60, noNaN: true }));

describe('obstacleOnWhole: a part that fails every option fails the whole passage', () => {
  it('against resolvePassage on any whole that contains the part (fast-check)', () => {
    let decided = 0;
    fc.assert(fc.property(decisionOrSimple, near, near, fc.option(near, { nil: undefined }), fc.option(near, { nil: undefined }), worse, worse, worse, worse,
      fc.option(fc.double({ min: 0, max: 90, noNaN: true }), { nil: undefined }), fc.integer({ min: 0, max: 86_400_000 }),
      (d, lo, hi, lat, margin, w1, w2, w3, w4, angle, t) => {
        const part = { minAltAglM: Math.min(lo, hi), maxAltAglM: Math.max(lo, hi), ...(lat !== undefined ? { minLateralDistanceM: lat } : {}), ...(margin !== undefined ? { minLateralMarginM: margin } : {}) };
        if (!obstacleOnWhole(d, part)) return;
        decided++;
        const whole: PassageFacts = {
          minAltAglM: part.minAltAglM - w1, maxAltAglM: part.maxAltAglM + w2, fromMs: t, toMs: t + 60_000,
          // the whole knows its lateral facts whenever the part does (it contains the part)
          ...(lat !== undefined ? { minLateralDistanceM: lat - w3 } : {}), ...(margin !== undefined ? { minLateralMarginM: margin - w4 } : {}),
          ...(angle !== undefined ? { crossingAngleDeg: angle } : {}),
        };
        expect(resolvePassage(d, whole).kind).toBe('obstacle');
      }), { numRuns: 5000, seed: 21 });
    expect(decided).toBeGreaterThan(1000);
  });

  it('leaves open what only the angle, the time or an attestation could decide', () => {
    const d: RuleDecision = { kind: 'conditional', ruleId: 'LUFTVO-21H-3-5', sentence: 's', options: [
      { id: 'd', label: 'd', conditions: [{ kind: 'minAltAglM', valueM: 100, strict: false }, { kind: 'perpendicularCrossing', maxDeviationDeg: 20 }] },
      { id: 'c', label: 'c', conditions: [{ kind: 'altBelowLateralDistance', minLateralM: 10 }] },
    ] };
    expect(obstacleOnWhole(d, { minAltAglM: 60, maxAltAglM: 60, minLateralDistanceM: 30, minLateralMarginM: -30 })).toBe(true);
    expect(obstacleOnWhole(d, { minAltAglM: 60, maxAltAglM: 60 })).toBe(false); // (c) unknown without lateral facts
    expect(obstacleOnWhole(d, { minAltAglM: 105, maxAltAglM: 105, minLateralDistanceM: 30, minLateralMarginM: -75 })).toBe(false); // (d) needs the angle
    expect(obstacleOnWhole(d, { minAltAglM: 60, maxAltAglM: 60, minLateralDistanceM: 70, minLateralMarginM: 10 })).toBe(false); // (c) may hold
    expect(obstacleOnWhole(d, { minAltAglM: 100 - 1e-7, maxAltAglM: 100, minLateralDistanceM: 5, minLateralMarginM: 1 })).toBe(false); // within the slack
  });
});

const authorityIndex = (): AirspaceIndex => createAirspaceIndex(importEd269(JSON.parse(readFileSync(`${REPO}test/planner/fixtures/hamburg-authority.ed269.json`, 'utf8'))).zones);
const DEP = Date.parse('2026-05-04T08:00:00Z');
const profiles = [
  parseOperationProfile({ category: 'specific', atcClearance: 'individual', departureTime: '2026-05-04T08:00:00Z' }),
  parseOperationProfile({ category: 'specific', atcClearance: 'individual', roadRailOverflightInRiskAssessment: true, consents: ['HHI01', 'HHH02'], departureTime: '2026-05-04T08:00:00Z' }),
  parseOperationProfile({ category: 'open', departureTime: '2026-05-04T08:00:00Z' }),
];
// segments up to ~4 km long anywhere in Hamburg, at heights around the rules' thresholds, level or not
const segmentArb = fc.record({
  lat: fc.double({ min: 53.45, max: 53.65, noNaN: true }), lon: fc.double({ min: 9.75, max: 10.15, noNaN: true }),
  dLat: fc.double({ min: -0.03, max: 0.03, noNaN: true }), dLon: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  altA: fc.constantFrom(30, 60, 99.9, 100, 100.5, 105, 120, 130), altB: fc.constantFrom(30, 60, 100.5, 105, 120),
  level: fc.boolean(), p: fc.integer({ min: 0, max: profiles.length - 1 }),
}).map(({ lat, lon, dLat, dLon, altA, altB, level, p }) => ({
  a: { lat, lon, altAglM: altA } as Position3D, b: { lat: lat + dLat, lon: lon + dLon, altAglM: level ? altA : altB } as Position3D, profile: profiles[p]!,
}));

/**
 * Segments across the edge of a zone with a lateral buffer (waterways, roads, rails): through a
 * point `depth` metres inside an edge of one of its volumes, where the lateral facts are near the
 * rules' thresholds (10 m, height < distance).
 */
function grazingArb(index: AirspaceIndex): fc.Arbitrary<{ a: Position3D; b: Position3D; profile: OperationProfile }> {
  const edges = index.zones.flatMap((z) => (z.lateralBufferM > 0 ? z.volumes : []).flatMap((v) => {
    const f = v.footprint;
    const ring = f.kind === 'polygon' ? f.rings[0]! : f.kind === 'corridor' ? f.centreline : [];
    return ring.slice(1).map((p, i) => [ring[i]!, p, f.kind === 'corridor' ? f.halfWidthM : 0] as const);
  }));
  return fc.record({
    e: fc.integer({ min: 0, max: edges.length - 1 }), u: fc.double({ min: 0, max: 1, noNaN: true }), depth: fc.double({ min: -20, max: 120, noNaN: true }),
    side: fc.constantFrom(1, -1), heading: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), len: fc.double({ min: 20, max: 1500, noNaN: true }),
    alt: fc.constantFrom(30, 45, 60, 80, 100.5, 105), p: fc.integer({ min: 0, max: profiles.length - 1 }),
  }).map(({ e, u, depth, side, heading, len, alt, p }) => {
    const [p0, p1, hw] = edges[e]!;
    const [x0, y0] = toLocalXY(index.frame, p0[0], p0[1]);
    const [x1, y1] = toLocalXY(index.frame, p1[0], p1[1]);
    const l = Math.hypot(x1 - x0, y1 - y0) || 1;
    // a point beside the edge (a corridor's at its half-width), `depth` metres towards one side
    const off = hw > 0 ? hw - depth : depth;
    const cx = x0 + (x1 - x0) * u - ((y1 - y0) / l) * off * side, cy = y0 + (y1 - y0) * u + ((x1 - x0) / l) * off * side;
    const at = (k: number): Position3D => ({ ...toGeodetic(index.frame, { eastM: cx + Math.cos(heading) * len * k, northM: cy + Math.sin(heading) * len * k }), altAglM: alt });
    return { a: at(-0.5), b: at(0.5), profile: profiles[p]! };
  });
}

function check(index: AirspaceIndex, seed: number): { decided: number; open: number } {
  let decided = 0, open = 0;
  fc.assert(fc.property(fc.oneof(segmentArb, grazingArb(index)), ({ a, b, profile }) => {
    const opts = { groundAmslM: 10 };
    const pieces: Array<{ zi: number; t0: number; t1: number }> = [];
    expect(anyCrossingPiece(index, a, b, opts, () => true, (zi, t0, t1) => {
      pieces.push({ zi, t0, t1 });
      return false;
    })).toBe(false);
    const crossings = crossingsOnSegment(index, a, b, opts);
    // the same pieces crossingsOnSegment merges: each inside a passage of its zone, each passage made of pieces
    const passageOf = pieces.map((p) => {
      const c = crossings.find((x) => x.zone === index.zones[p.zi] && x.t0 <= p.t0 + 1e-12 && p.t1 <= x.t1 + 1e-12);
      expect(c, `piece of ${index.zones[p.zi]!.id} [${p.t0}, ${p.t1}] has no passage`).toBeDefined();
      return c!;
    });
    for (const c of crossings) expect(passageOf.includes(c), `passage through ${c.zone.id} has no piece`).toBe(true);
    // a piece called an obstacle belongs to a passage the rules engine calls an obstacle
    pieces.forEach((p, i) => {
      const zone = index.zones[p.zi]!;
      if (!zone.applicability.permanent) return;
      const plain = evaluateZone(zone, profile, { at: DEP });
      if (pieceMakesObstacle(index, zone, plain.decisions, a, b, p.t0, p.t1)) {
        decided++;
        expect(segmentPassageVerdict(index, profile, a, b, passageOf[i]!, DEP, 11).kind).toBe('obstacle');
      } else open++;
    });
  }), { numRuns: 800, seed });
  return { decided, open };
}

describe('pieceMakesObstacle and anyCrossingPiece against the full passage (fast-check)', () => {
  it('on the Hamburg set (waterways as corridors and rectangles, roads, rails, CTR, hospitals)', () => {
    const r = check(hamburgIndex(), 3);
    expect(r.decided).toBeGreaterThan(50);
    expect(r.open).toBeGreaterThan(50);
  });

  it('on the authority-style Hamburg set (waterways as overlapping published polygons)', () => {
    const r = check(authorityIndex(), 4);
    expect(r.decided).toBeGreaterThan(50);
  });
});
