import { describe, expect, it } from 'vitest';
import { assertRuleId, isAirspaceError, RULE_IDS, RULES } from '../../src/airspace/index.js';
import { checkHeightCeiling } from '../../src/airspace/check-height-ceiling.js';
import { evaluateZone } from '../../src/airspace/evaluate-zone.js';
import type { OperationProfileInput } from '../../src/airspace/profile.js';
import type { PassageFacts } from '../../src/airspace/rules/decision.js';
import type { Applicability, LegalCategory, Restriction, Zone } from '../../src/airspace/types.js';
import { profile, snapshot, zoneById } from './helpers.js';

const covered = new Set<string>();
const rule = (id: string): string => {
  covered.add(id);
  return id;
};

function mk(categories: LegalCategory[], restriction: Restriction = 'REQ_AUTHORISATION', applicability: Applicability = { permanent: true, periods: [] }): Zone {
  return {
    id: 'TST01', country: 'DEU', name: 'Test zone', categories, restriction, reasons: [], restrictionConditions: ['published test condition'],
    type: 'COMMON', lateralBufferM: 100, applicability, authorities: [{ name: 'Test authority', purpose: 'AUTHORIZATION' }],
    volumes: [{ footprint: { kind: 'circle', center: [10, 53.5], radiusM: 200 }, lower: { heightM: 0, ref: 'AGL' }, upper: { heightM: 120, ref: 'AGL' } }],
  };
}

const T0 = Date.parse('2026-05-04T10:00:00Z'); // 12:00 CEST, a Monday
const pf = (p: Partial<PassageFacts> = {}): PassageFacts => ({ minAltAglM: 60, maxAltAglM: 60, fromMs: T0, toMs: T0 + 30_000, ...p });

type Case = { name: string; cats: LegalCategory[]; restriction?: Restriction; p?: Partial<OperationProfileInput>; passage?: Partial<PassageFacts>; kind: string; basis?: string };

function run(ruleId: string, cases: Case[]): void {
  describe(rule(ruleId), () => {
    it.each(cases)('$name → $kind', (c) => {
      const v = evaluateZone(mk(c.cats, c.restriction), profile(c.p), c.passage ? { passage: pf(c.passage) } : {});
      expect(v.kind).toBe(c.kind);
      expect(v.decisions.map((d) => d.ruleId)).toContain(ruleId);
      for (const d of v.decisions) expect(d.sentence).toMatch(/\(.*[A-Z0-9-]+.*\)/);
      if (c.basis) expect(v.decisions.find((d) => d.ruleId === ruleId)?.basis).toBe(c.basis);
    });
  });
}

run('LUFTVO-21H-3-1', [
  { name: 'open category', cats: ['AERODROME'], p: { category: 'open' }, kind: 'obstacle' },
  { name: 'open category with consent', cats: ['AERODROME'], p: { category: 'open', consents: ['TST01'] }, kind: 'free', basis: 'consent' },
  { name: 'specific category', cats: ['AERODROME'], kind: 'free', basis: 'specific-category' },
]);
run('LUFTVO-21H-3-2', [
  { name: 'open category', cats: ['AIRPORT'], p: { category: 'open', consents: ['TST01'] }, kind: 'free' },
  { name: 'open category, no consent', cats: ['AIRPORT'], p: { category: 'open' }, kind: 'obstacle' },
  { name: 'specific without zone authorisation (planner default: obstacle)', cats: ['AIRPORT'], kind: 'obstacle' },
  { name: 'specific with zone authorisation', cats: ['AIRPORT'], p: { consents: ['TST01'] }, kind: 'free' },
]);
for (const [id, cat] of [['LUFTVO-21H-3-3', 'FACILITY'], ['LUFTVO-21H-3-4', 'AUTHORITY'], ['LUFTVO-21H-3-10', 'HOSPITAL'], ['LUFTVO-21H-3-11', 'INCIDENT']] as const) {
  run(id, [
    { name: 'no consent', cats: [cat], kind: 'obstacle' },
    { name: 'consent for another zone', cats: [cat], p: { consents: ['HHX99'] }, kind: 'obstacle' },
    { name: 'consent for this zone', cats: [cat], p: { consents: ['TST01'] }, kind: 'free', basis: 'consent' },
    { name: 'consent limited to this rule', cats: [cat], p: { consents: [{ zoneId: 'TST01', ruleIds: [id] }] }, kind: 'free' },
    { name: 'open category, no consent', cats: [cat], p: { category: 'open' }, kind: 'obstacle' },
  ]);
}
run('LUFTVO-21H-3-5', [
  { name: 'road: specific + risk assessment covers overflight (a)', cats: ['ROAD'], p: { roadRailOverflightInRiskAssessment: true }, kind: 'free', basis: 'a' },
  { name: 'road: open + risk assessment flag (a needs specific)', cats: ['ROAD'], p: { category: 'open', roadRailOverflightInRiskAssessment: true }, kind: 'conditional' },
  { name: 'rail: consent (b)', cats: ['RAIL'], p: { consents: ['TST01'] }, kind: 'free', basis: 'consent' },
  { name: 'road: no passage yet → condition (c)', cats: ['ROAD'], kind: 'conditional' },
  { name: 'road: 30 m AGL at ≥ 50 m lateral (c)', cats: ['ROAD'], passage: { minAltAglM: 30, maxAltAglM: 30, minLateralDistanceM: 50, minLateralMarginM: 20 }, kind: 'free', basis: 'c' },
  { name: 'road: 60 m AGL at 50 m lateral', cats: ['ROAD'], passage: { minAltAglM: 60, maxAltAglM: 60, minLateralDistanceM: 50, minLateralMarginM: -10 }, kind: 'obstacle' },
  { name: 'rail: 5 m AGL but only 8 m from the track', cats: ['RAIL'], passage: { minAltAglM: 5, maxAltAglM: 5, minLateralDistanceM: 8, minLateralMarginM: 3 }, kind: 'obstacle' },
  { name: 'rail: overflight of the track itself', cats: ['RAIL'], passage: { minLateralDistanceM: -20, minLateralMarginM: -80 }, kind: 'obstacle' },
  { name: 'waterway: risk assessment does not cover waterways', cats: ['WATERWAY'], p: { roadRailOverflightInRiskAssessment: true }, kind: 'conditional' },
  { name: 'waterway: 110 m, 85° crossing (d) → confirm no vessels', cats: ['WATERWAY'], passage: { minAltAglM: 110, maxAltAglM: 110, crossingAngleDeg: 85, minLateralDistanceM: -200, minLateralMarginM: -310 }, kind: 'conditional' },
  { name: 'waterway: 100 m exactly, 70° crossing (d boundary)', cats: ['WATERWAY'], passage: { minAltAglM: 100, maxAltAglM: 100, crossingAngleDeg: 70, minLateralDistanceM: -200, minLateralMarginM: -300 }, kind: 'conditional' },
  { name: 'waterway: 110 m but shallow 30° (river-following)', cats: ['WATERWAY'], passage: { minAltAglM: 110, maxAltAglM: 110, crossingAngleDeg: 30, minLateralDistanceM: -200, minLateralMarginM: -310 }, kind: 'obstacle' },
  { name: 'waterway: perpendicular but 90 m', cats: ['WATERWAY'], passage: { minAltAglM: 90, maxAltAglM: 90, crossingAngleDeg: 88, minLateralDistanceM: -200, minLateralMarginM: -290 }, kind: 'obstacle' },
  { name: 'waterway: along the bank low (c)', cats: ['WATERWAY'], passage: { minAltAglM: 20, maxAltAglM: 20, crossingAngleDeg: 5, minLateralDistanceM: 40, minLateralMarginM: 20 }, kind: 'free', basis: 'c' },
  { name: 'waterway: consent', cats: ['WATERWAY'], p: { consents: ['TST01'] }, kind: 'free' },
]);
run('LUFTVO-21H-3-6', [
  { name: 'no passage: conditions', cats: ['NATURE'], kind: 'conditional' },
  { name: '110 m AGL → confirm unavoidable', cats: ['NATURE'], passage: { minAltAglM: 110, maxAltAglM: 115 }, kind: 'conditional' },
  { name: 'exactly 100 m (needs more than 100)', cats: ['NATURE'], passage: { minAltAglM: 100, maxAltAglM: 100 }, kind: 'obstacle' },
  { name: '80 m AGL', cats: ['NATURE'], passage: { minAltAglM: 80, maxAltAglM: 80 }, kind: 'obstacle' },
  { name: 'recreational flight', cats: ['NATURE'], p: { recreational: true }, kind: 'obstacle' },
  { name: 'national park', cats: ['NATIONAL_PARK'], passage: { minAltAglM: 110, maxAltAglM: 110 }, kind: 'obstacle' },
  { name: 'consent', cats: ['NATIONAL_PARK'], p: { consents: ['TST01'] }, kind: 'free' },
]);
run('LUFTVO-21H-3-7', [
  { name: 'consent (a)', cats: ['RESIDENTIAL'], p: { consents: ['TST01'] }, kind: 'free' },
  { name: '≤ 0.25 kg without sensors (b)', cats: ['RESIDENTIAL'], p: { mtomKg: 0.249, hasSensors: false }, kind: 'free', basis: 'b' },
  { name: '0.25 kg with camera', cats: ['RESIDENTIAL'], p: { mtomKg: 0.2, hasSensors: true }, passage: { minAltAglM: 50, maxAltAglM: 50 }, kind: 'obstacle' },
  { name: '100 m at noon (c) → confirm privacy etc.', cats: ['RESIDENTIAL'], passage: { minAltAglM: 100, maxAltAglM: 100 }, kind: 'conditional' },
  { name: '100 m at 22:30 CEST', cats: ['RESIDENTIAL'], passage: { minAltAglM: 100, maxAltAglM: 100, fromMs: Date.parse('2026-05-04T20:30:00Z'), toMs: Date.parse('2026-05-04T20:31:00Z') }, kind: 'obstacle' },
  { name: '100 m at 05:59 → 06:01 CEST (touches the night)', cats: ['RESIDENTIAL'], passage: { minAltAglM: 100, maxAltAglM: 100, fromMs: Date.parse('2026-05-04T03:59:00Z'), toMs: Date.parse('2026-05-04T04:01:00Z') }, kind: 'obstacle' },
  { name: '100 m at 06:00 CEST', cats: ['RESIDENTIAL'], passage: { minAltAglM: 100, maxAltAglM: 100, fromMs: Date.parse('2026-05-04T04:00:00Z'), toMs: Date.parse('2026-05-04T04:01:00Z') }, kind: 'conditional' },
]);
run('LUFTVO-21H-3-8', [
  { name: 'during bathing hours', cats: ['BATHING'], kind: 'obstacle' },
  { name: 'with a §21i permit (consent)', cats: ['BATHING'], p: { consents: ['TST01'] }, kind: 'free' },
]);
run('LUFTVO-21H-3-9', [
  { name: 'individual ATC clearance', cats: ['CONTROL_ZONE'], p: { atcClearance: 'individual' }, kind: 'free', basis: 'atc-clearance' },
  { name: 'no clearance', cats: ['CONTROL_ZONE'], kind: 'obstacle' },
  { name: 'general clearance but BVLOS', cats: ['CONTROL_ZONE'], p: { atcClearance: 'general', vlos: false }, kind: 'obstacle' },
  { name: 'general clearance, VLOS, 40 m', cats: ['CONTROL_ZONE'], p: { atcClearance: 'general', vlos: true }, passage: { minAltAglM: 40, maxAltAglM: 40 }, kind: 'conditional' },
  { name: 'authority operation still needs ATC clearance (§21, not lifted by §21k)', cats: ['CONTROL_ZONE'], p: { authorityOperation: true }, kind: 'obstacle' },
  { name: 'general clearance, VLOS, 60 m', cats: ['CONTROL_ZONE'], p: { atcClearance: 'general', vlos: true }, passage: { minAltAglM: 60, maxAltAglM: 60 }, kind: 'obstacle' },
]);
run('LUFTVO-21K', [
  { name: 'authority operation in a hospital zone', cats: ['HOSPITAL'], p: { authorityOperation: true }, kind: 'free', basis: 'authority-operation' },
  { name: 'authority operation in a nature reserve', cats: ['NATURE'], p: { authorityOperation: true }, kind: 'free' },
]);
run('ZONE-REQ-AUTHORISATION', [
  { name: 'custom zone', cats: ['CUSTOM'], kind: 'obstacle' },
  { name: 'custom zone with authorisation', cats: ['CUSTOM'], p: { consents: ['TST01'] }, kind: 'free' },
  { name: 'authority operation does not lift a non-§21h zone', cats: ['CUSTOM'], p: { authorityOperation: true }, kind: 'obstacle' },
]);
run('ZONE-CONDITIONAL', [
  { name: 'custom conditional zone', cats: ['CUSTOM'], restriction: 'CONDITIONAL', kind: 'conditional' },
  { name: 'custom conditional zone, conditions agreed', cats: ['CUSTOM'], restriction: 'CONDITIONAL', p: { consents: ['TST01'] }, kind: 'free' },
]);
run('ZONE-PROHIBITED', [
  { name: 'prohibited', cats: ['TEMPORARY'], restriction: 'PROHIBITED', kind: 'obstacle' },
  { name: 'prohibited, consent does not lift it', cats: ['HOSPITAL'], restriction: 'PROHIBITED', p: { consents: ['TST01'] }, kind: 'obstacle' },
  { name: 'prohibited, authority operation', cats: ['TEMPORARY'], restriction: 'PROHIBITED', p: { authorityOperation: true }, kind: 'obstacle' },
]);
run('ZONE-NO-RESTRICTION', [{ name: 'information only', cats: ['CUSTOM'], restriction: 'NO_RESTRICTION', kind: 'free' }]);

describe(rule('ZONE-INACTIVE'), () => {
  const event = mk(['TEMPORARY'], 'PROHIBITED', { permanent: false, periods: [{ start: '2026-08-22T13:00:00Z', end: '2026-08-22T19:00:00Z' }] });
  it.each([
    { at: '2026-08-22T12:59:59Z', kind: 'inactive' },
    { at: '2026-08-22T13:00:00Z', kind: 'obstacle' },
    { at: '2026-08-22T18:59:59Z', kind: 'obstacle' },
    { at: '2026-08-22T19:00:00Z', kind: 'inactive' },
  ])('event zone at $at → $kind', ({ at, kind }) => {
    expect(evaluateZone(event, profile(), { at }).kind).toBe(kind);
  });
  it('an interval that overlaps the window is active', () => {
    expect(evaluateZone(event, profile(), { at: '2026-08-22T12:50:00Z', until: '2026-08-22T13:05:00Z' }).kind).toBe('obstacle');
  });
  it('defaults to the profile departure time', () => {
    expect(evaluateZone(event, profile({ departureTime: '2026-08-22T14:00:00Z' })).kind).toBe('obstacle');
    expect(evaluateZone(event, profile({ departureTime: '2026-08-23T14:00:00Z' })).decisions[0]?.ruleId).toBe('ZONE-INACTIVE');
  });
});

describe(rule('HEIGHT-CEILING-120'), () => {
  it.each([
    { alt: 120, ceiling: undefined, kind: 'free' },
    { alt: 120.1, ceiling: undefined, kind: 'obstacle' },
    { alt: 90, ceiling: 80, kind: 'obstacle' },
  ])('$alt m AGL with ceiling $ceiling → $kind', ({ alt, ceiling, kind }) => {
    const d = checkHeightCeiling(profile(ceiling ? { heightCeilingAglM: ceiling } : {}), alt);
    expect(d.kind).toBe(kind);
    expect(d.ruleId).toBe('HEIGHT-CEILING-120');
  });
});

describe('multi-category zone HHH06 (hospital + military)', () => {
  it('needs consent for both rules', () => {
    const z = zoneById('HHH06');
    expect(evaluateZone(z, profile({ consents: [{ zoneId: 'HHH06', ruleIds: ['LUFTVO-21H-3-10'] }] })).kind).toBe('obstacle');
    expect(evaluateZone(z, profile({ consents: ['HHH06'] })).kind).toBe('free');
    const ids = evaluateZone(z, profile()).decisions.map((d) => d.ruleId);
    expect(ids).toEqual(['LUFTVO-21H-3-10', 'LUFTVO-21H-3-3']);
  });
});

describe('rule registry', () => {
  it('every declared rule has a test named after it', () => {
    expect([...covered].sort()).toEqual([...RULE_IDS].sort());
  });
  it('assertRuleId accepts declared ids and rejects others with the list', () => {
    expect(assertRuleId('LUFTVO-21H-3-10')).toBe('LUFTVO-21H-3-10');
    try {
      assertRuleId('LUFTVO-21H-3-12');
      expect.unreachable();
    } catch (e) {
      expect(isAirspaceError(e, 'RULE_UNKNOWN')).toBe(true);
      expect((e as Error).message).toContain('LUFTVO-21H-3-11');
    }
    expect(Object.keys(RULES).length).toBe(RULE_IDS.length);
  });
  it('evaluateZone does not mutate zone or profile', () => {
    const z = zoneById('HHW01');
    const p = profile();
    const f = pf({ crossingAngleDeg: 80 });
    const checks = [snapshot(z), snapshot(p), snapshot(f)];
    evaluateZone(z, p, { passage: f });
    checkHeightCeiling(p, 130);
    checks.forEach((c) => c());
  });
});

describe('docs/airspace.md rules table ⇔ declared rules', () => {
  it('documents exactly the declared rule ids', async () => {
    const { readFileSync } = await import('node:fs');
    const md = readFileSync(new URL('../../docs/airspace.md', import.meta.url), 'utf8');
    const documented = [...md.matchAll(/^\| `([A-Z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...RULE_IDS].sort());
  });
});
