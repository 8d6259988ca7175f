/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are patched as raw, untyped JSON on purpose */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AIRSPACE_ERROR_CODES } from '../../src/airspace/errors.js';
import { exportEd269 } from '../../src/airspace/formats/ed269-export.js';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';
import { importAirspace, importEd318 } from '../../src/airspace/formats/ed318-import.js';
import { exportGeoJson } from '../../src/airspace/formats/geojson-export.js';
import { expectGolden, fixture, hamburgZones, REPO, snapshot } from './helpers.js';

describe('ED-318 import', () => {
  const doc = fixture('ed318-sample.json');
  const r = importEd318(doc);
  it('maps type/variant, multilingual text, layers, circles and limitedApplicability', () => {
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.meta).toEqual({ format: 'ED-318', title: 'ED-318 sample (elbflug test fixture)', description: 'three zones: polygon, circle, multi-volume', createdAt: '2026-01-15T10:00:00Z' });
    const [se, es, ie] = r.zones;
    expect([se!.restriction, se!.name, se!.message, se!.volumes[0]!.upper]).toEqual(['REQ_AUTHORISATION', 'Stockholm Slott', 'Royal palace', { heightM: 400 * 0.3048, ref: 'AMSL' }]);
    expect(se!.authorities[0]).toEqual({ name: 'LFV', purpose: 'AUTHORIZATION', intervalBefore: 'P7D' });
    expect(es!.restriction).toBe('PROHIBITED');
    expect(es!.volumes[0]!.footprint).toEqual({ kind: 'circle', center: [-3.5676, 40.4719], radiusM: 5000 });
    expect(es!.applicability.periods[0]!.schedule![0]).toEqual({ days: ['SAT', 'SUN'], startTime: '08:00', endTime: '20:00', timeZone: 'UTC' });
    expect(ie!.type).toBe('CUSTOMIZED');
    expect(ie!.volumes).toHaveLength(2);
    expect(ie!.reasons).toEqual(['AIR_TRAFFIC', 'DAR']);
    expect(ie!.restrictionConditions).toContain('U-space airspace: U-space services required');
  });
  it('importAirspace detects ED-318 and ED-269', () => {
    expect(importAirspace(doc).meta.format).toBe('ED-318');
    expect(importAirspace(fixture('che-sample.ed269.json')).meta.format).toBe('ED-269');
  });
  it('ED-318 zones survive ED-269 export and re-import', () => {
    expect(importEd269(exportEd269(r.zones)).zones).toEqual(r.zones);
  });
  it('reports bad ED-318 features precisely and keeps the others', () => {
    const bad = structuredClone(doc) as { features: Array<Record<string, any>> };
    bad.features[0]!.geometry.coordinates[0].pop();
    bad.features[1]!.geometry.extent.radius = -1;
    bad.features[2]!.properties.type = 'FORBIDDEN';
    const rb = importEd318(bad);
    expect(rb.issues.map((i) => [i.code, i.featureIndex, i.field])).toEqual([
      ['RING_NOT_CLOSED', 0, 'geometry.coordinates[0]'],
      ['RADIUS_INVALID', 1, 'geometry.extent.radius'],
      ['ENUM_UNKNOWN', 2, 'properties.type'],
    ]);
    expect(() => importEd318({ features: [] })).toThrow(expect.objectContaining({ code: 'ED318_SHAPE_UNKNOWN' }));
  });
  it('does not mutate its input', () => {
    const check = snapshot(doc);
    importEd318(doc);
    importAirspace(doc);
    check();
  });
});

describe('GeoJSON export (map)', () => {
  it('golden: Hamburg set as GeoJSON', () => {
    const zones = hamburgZones();
    const check = snapshot(zones);
    const fc = exportGeoJson(zones);
    check();
    expect(fc.features.length).toBe(zones.reduce((n, z) => n + z.volumes.length, 0));
    expect(fc.features[0]!.properties).toMatchObject({ zoneId: 'HHA01', restriction: 'REQ_AUTHORISATION', upperM: 762, upperRef: 'AMSL' });
    expectGolden('hamburg.geojson', fc);
  });
});

describe('error catalogue: docs/errors.md "## Airspace" ⇔ AIRSPACE_ERROR_CODES', () => {
  it('lists exactly the codes of AirspaceError', () => {
    const md = readFileSync(`${REPO}docs/errors.md`, 'utf8');
    const start = md.indexOf('\n## Airspace');
    expect(start).toBeGreaterThan(-1);
    const rest = md.slice(start + 1);
    const end = rest.indexOf('\n## ', 3);
    const section = end === -1 ? rest : rest.slice(0, end);
    const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...AIRSPACE_ERROR_CODES].sort());
  });
});
