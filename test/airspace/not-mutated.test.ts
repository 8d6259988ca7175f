import { describe, it } from 'vitest';
import { corridorRectangles } from '../../src/airspace/formats/ed269-export.js';
import { footprintToGeometry } from '../../src/airspace/formats/geojson-export.js';
import { inDailyPeriod } from '../../src/airspace/is-active-at.js';
import { hasConsent, parseOperationProfile } from '../../src/airspace/profile.js';
import { checkCondition, resolvePassage } from '../../src/airspace/rules/resolve-passage.js';
import { evaluateZone } from '../../src/airspace/evaluate-zone.js';
import type { Footprint } from '../../src/airspace/types.js';
import { profile, snapshot, zoneById } from './helpers.js';

describe('public helpers do not mutate their inputs', () => {
  it('parseOperationProfile / hasConsent', () => {
    const input = { category: 'specific', consents: ['HHH01', { zoneId: 'HHH06', ruleIds: ['LUFTVO-21H-3-10'] }], departureTime: '2026-05-04T08:00:00Z' };
    const c = snapshot(input);
    const p = parseOperationProfile(input);
    const c2 = snapshot(p);
    hasConsent(p, 'HHH06', 'LUFTVO-21H-3-3');
    c();
    c2();
  });
  it('checkCondition / resolvePassage', () => {
    const d = evaluateZone(zoneById('HHW01'), profile()).decisions[0]!;
    const facts = { minAltAglM: 110, maxAltAglM: 110, crossingAngleDeg: 85, fromMs: 0, toMs: 60_000 };
    const checks = [snapshot(d), snapshot(facts)];
    resolvePassage(d, facts);
    for (const o of d.options ?? []) for (const cond of o.conditions) checkCondition(cond, facts);
    checks.forEach((c) => c());
  });
  it('corridorRectangles / footprintToGeometry / inDailyPeriod', () => {
    const line = [[10, 53.5], [10.01, 53.51], [10.02, 53.5]] as [number, number][];
    const fps: Footprint[] = [
      { kind: 'corridor', centreline: line, halfWidthM: 100 },
      { kind: 'circle', center: [10, 53.5], radiusM: 300 },
      { kind: 'polygon', rings: [[[10, 53.5], [10.01, 53.5], [10.01, 53.51], [10, 53.5]]] },
    ];
    const period = { days: ['FRI' as const], startTime: '22:00', endTime: '02:00', timeZone: 'Europe/Berlin' };
    const checks = [snapshot(line), snapshot(fps), snapshot(period)];
    corridorRectangles(line, 100);
    fps.forEach((f) => footprintToGeometry(f));
    inDailyPeriod(period, Date.parse('2026-05-08T23:30:00Z'));
    checks.forEach((c) => c());
  });
});
