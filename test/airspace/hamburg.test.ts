import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateZone } from '../../src/airspace/evaluate-zone.js';
import { parseOperationProfile } from '../../src/airspace/profile.js';
import { zonesAtPoint } from '../../src/airspace/query/zones-at-point.js';
import { zonesOnSegment } from '../../src/airspace/query/zones-on-segment.js';
import { GROUND, hamburgIndex, hamburgZones, profile, readJson, REPO, zoneById } from './helpers.js';
import { hamburgJson, HAMBURG_FILE } from './tools/build-hamburg.js';

type Scenario = {
  id: string; from: { lat: number; lon: number }; to: { lat: number; lon: number }; straightLineKm: number;
  expectedCrossingsKm: Record<string, [number, number]>; consents: string[];
};
const deliveries = readJson(`${REPO}missions/deliveries/hamburg.json`) as { scenarios: Scenario[] };

describe('missions/airspace/hamburg.ed269.json', () => {
  it('is up to date with test/airspace/tools/hamburg-source.ts', () => {
    expect(readFileSync(HAMBURG_FILE, 'utf8')).toBe(hamburgJson());
  });
  it('holds the 40 zones of §5.2, titled as approximate test data, loading without issues', () => {
    const doc = readJson(HAMBURG_FILE) as { title: string };
    expect(doc.title).toMatch(/TEST.*approximate/);
    const zones = hamburgZones();
    expect(zones).toHaveLength(40);
    expect(zones.every((z) => z.id.length <= 7 && z.country === 'DEU')).toBe(true);
    expect(new Set(zones.map((z) => z.id.slice(0, 3)))).toEqual(new Set(['HHA', 'HHH', 'HHP', 'HHM', 'HHG', 'HHE', 'HHI', 'HHN', 'HHT', 'HHW', 'HHR', 'HHB']));
    expect(zoneById('HHA01').volumes[0]!.upper).toEqual({ heightM: 762, ref: 'AMSL' });
    // a waterway is its published rectangles (crossings come from their banks); roads keep the corridor hint
    expect(zoneById('HHW01').volumes[0]!.footprint.kind).toBe('polygon');
    expect(zoneById('HHR01').volumes[0]!.footprint.kind).toBe('corridor');
    expect(zoneById('HHT01').type).toBe('CUSTOMIZED');
  });
});

describe('facts from the domain notes (§3.1)', () => {
  const idx = hamburgIndex();
  const at = (lat: number, lon: number) => zonesAtPoint(idx, { lat, lon, altAglM: 50 }, GROUND).map((h) => h.zone.id);
  it.each([
    { what: 'EDDH ARP', lat: 53.63039, lon: 9.98823 },
    { what: 'EDHI ARP', lat: 53.5338, lon: 9.83229 },
    { what: 'JVA Glasmoor (Norderstedt)', lat: 53.7058, lon: 10.0417 },
    { what: 'Duvenstedter Brook', lat: 53.723, lon: 10.16 },
    { what: 'Helmut-Schmidt-Universität', lat: 53.5689, lon: 10.1094 },
    { what: 'the inner city (Rathaus)', lat: 53.5508, lon: 9.9925 },
  ])('CTR Hamburg (HHA01) contains $what', ({ lat, lon }) => expect(at(lat, lon)).toContain('HHA01'));
  it.each([
    { what: 'Asklepios Harburg', lat: 53.4605, lon: 9.9645 },
    { what: 'Moorburg', lat: 53.488, lon: 9.947 },
    { what: 'Bergedorf', lat: 53.4883, lon: 10.2133 },
    { what: 'Wedel', lat: 53.5794, lon: 9.6992 },
  ])('$what is outside the main CTR', ({ lat, lon }) => expect(at(lat, lon)).not.toContain('HHA01'));
  it.each([
    { what: 'BG Klinikum Boberg', lat: 53.5065, lon: 10.153 },
    { what: 'JVA Billwerder', lat: 53.513, lon: 10.094 },
  ])('the Boberg HX sector (HHA02) contains $what', ({ lat, lon }) => expect(at(lat, lon)).toContain('HHA02'));
  it('the Alster is not a federal waterway: no Nr. 5 zone on the Außenalster', () => {
    const ids = at(53.568, 10.005);
    expect(ids.filter((id) => zoneById(id).categories.includes('WATERWAY'))).toEqual([]);
  });
  it('the Elbe at the Landungsbrücken is a federal waterway (HHW01)', () => expect(at(53.5445, 9.968)).toContain('HHW01'));
  it('HHT01 is PROHIBITED only in its event window', () => {
    const z = zoneById('HHT01');
    expect(evaluateZone(z, profile(), { at: '2026-08-22T14:00:00Z' }).kind).toBe('obstacle');
    expect(evaluateZone(z, profile(), { at: '2026-08-23T14:00:00Z' }).kind).toBe('inactive');
  });
  it('the §21h rule of every zone follows from its category', () => {
    const p = parseOperationProfile({ category: 'specific', departureTime: '2026-08-22T14:00:00Z' });
    const rules = Object.fromEntries(hamburgZones().map((z) => [z.id, evaluateZone(z, p).decisions.map((d) => d.ruleId).join('+')]));
    expect(rules).toMatchObject({
      HHA01: 'LUFTVO-21H-3-9', HHA03: 'LUFTVO-21H-3-2', HHA05: 'LUFTVO-21H-3-1', HHH01: 'LUFTVO-21H-3-10', HHH06: 'LUFTVO-21H-3-10+LUFTVO-21H-3-3',
      HHP01: 'LUFTVO-21H-3-3', HHG01: 'LUFTVO-21H-3-4', HHN01: 'LUFTVO-21H-3-6', HHW01: 'LUFTVO-21H-3-5', HHR01: 'LUFTVO-21H-3-5',
      HHB01: 'LUFTVO-21H-3-5', HHT01: 'ZONE-PROHIBITED',
    });
  });
});

describe('delivery scenarios H1–H6 (§5.4): straight-line crossings', () => {
  const idx = hamburgIndex();
  it.each(deliveries.scenarios)('$id', (s) => {
    const c = zonesOnSegment(idx, { ...s.from, altAglM: 80 }, { ...s.to, altAglM: 80 }, GROUND);
    const byZone = new Map<string, [number, number]>();
    for (const x of c) {
      const prev = byZone.get(x.zone.id);
      byZone.set(x.zone.id, prev ? [prev[0], x.exitM / 1000] : [x.entryM / 1000, x.exitM / 1000]);
    }
    expect([...byZone.keys()].sort()).toEqual(Object.keys(s.expectedCrossingsKm).sort());
    for (const [id, [a, b]] of Object.entries(s.expectedCrossingsKm)) {
      const got = byZone.get(id)!;
      // the notes used a sphere; the ellipsoid makes Hamburg distances ≈ 0.4 % longer
      expect(Math.abs(got[0] - a), `${s.id} ${id} entry`).toBeLessThan(0.12);
      expect(Math.abs(got[1] - b), `${s.id} ${id} exit`).toBeLessThan(0.12);
    }
  });
});
