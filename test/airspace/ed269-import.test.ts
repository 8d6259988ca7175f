/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are patched as raw, untyped JSON on purpose */
import { describe, expect, it } from 'vitest';
import { exportEd269 } from '../../src/airspace/formats/ed269-export.js';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';
import { importAirspace } from '../../src/airspace/formats/ed318-import.js';
import { isAirspaceError, type AirspaceErrorCode } from '../../src/airspace/errors.js';
import { expectGolden, fixture, snapshot } from './helpers.js';

describe('ED-269 import: CHE sample ({formatVersion, createdAt, UASZoneList})', () => {
  const doc = fixture('che-sample.ed269.json');
  const r = importEd269(doc);
  it('loads the zone with the quirks normalised', () => {
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.meta).toEqual({ format: 'ED-269', formatVersion: '1.0.0', createdAt: '2022-11-30T14:50:33Z' });
    const z = r.zones[0]!;
    expect(z.id).toBe('LSXX');
    expect(z.restrictionConditions).toEqual(['RST02']); // single string → list
    expect(z.volumes[0]!.lower).toEqual({ heightM: 0, ref: 'AGL' }); // "0" string → number
    expect(z.volumes[0]!.upper).toBeNull(); // null → unlimited
    expect(z.applicability).toEqual({ permanent: true, periods: [] }); // empty dailyPeriod placeholder ignored
    expect(z.categories).toEqual(['CUSTOM']); // not a German zone: its restriction decides
    expect(z.volumes[0]!.footprint.kind).toBe('polygon');
  });
  it('golden model', () => expectGolden('che-sample.model.json', r.zones));
});

describe('ED-269 import: the §5.3 example ({title, description, features})', () => {
  const doc = fixture('hamburg-example-5-3.ed269.json');
  const r = importEd269(doc);
  it('loads five zones with inferred §21h categories', () => {
    expect(r.issues).toEqual([]);
    expect(r.zones.map((z) => [z.id, z.categories.join('+')])).toEqual([
      ['HHA03', 'AIRPORT'], ['HHH01', 'HOSPITAL'], ['HHN02', 'NATURE'], ['HHT01', 'TEMPORARY'], ['HHR02B', 'ROAD'],
    ]);
    expect(r.zones[4]!.volumes).toHaveLength(2);
    expect(r.zones[3]!.applicability.permanent).toBe(false);
  });
  it('round-trips ED-269 → model → ED-269 unchanged', () => {
    expect(exportEd269(r.zones, { title: r.meta.title!, description: r.meta.description! })).toEqual(doc);
  });
  it('round-trips model → ED-269 → model unchanged (both shapes)', () => {
    expect(importEd269(exportEd269(r.zones)).zones).toEqual(r.zones);
    expect(importEd269(exportEd269(r.zones, { shape: 'UASZoneList', createdAt: '2026-01-01T00:00:00Z' })).zones).toEqual(r.zones);
  });
});

describe('ED-269 quirks', () => {
  const base = () => ({
    identifier: 'QRK01', country: 'DEU', name: 'quirk', type: 'COMMON', restriction: 'REQ_AUTHORISATION', applicability: [{ permanent: 'YES' }], zoneAuthority: [{ name: 'x', purpose: 'AUTHORIZATION' }],
    geometry: [{ uomDimensions: 'M', lowerLimit: 0, lowerVerticalReference: 'AGL', upperLimit: 120, upperVerticalReference: 'AGL', horizontalProjection: { type: 'Circle', center: [10, 53.5], radius: 100 } }],
  });
  const one = (patch: (f: ReturnType<typeof base>) => void) => {
    const f = base();
    patch(f);
    return importEd269({ features: [f] });
  };
  it.each([
    { name: 'FT converted to metres', patch: (f: any) => { f.geometry[0].uomDimensions = 'FT'; f.geometry[0].upperLimit = 400; }, upper: 121.92 },
    { name: '99999 = unlimited', patch: (f: any) => { f.geometry[0].upperLimit = 99999; }, upper: null },
    { name: 'limits as strings', patch: (f: any) => { f.geometry[0].upperLimit = '150'; f.geometry[0].lowerLimit = '10'; }, upper: 150 },
    { name: 'null upper = unlimited', patch: (f: any) => { f.geometry[0].upperLimit = null; }, upper: null },
  ])('$name', ({ patch, upper }) => {
    const r = one(patch);
    expect(r.zones).toHaveLength(1);
    const u = r.zones[0]!.volumes[0]!.upper;
    if (upper === null) expect(u).toBeNull();
    else expect(u!.heightM).toBeCloseTo(upper, 6);
  });
  it('FT limits are written back in FT', () => {
    const r = one((f: any) => { f.geometry[0].uomDimensions = 'FT'; f.geometry[0].upperLimit = 400; });
    const g = (exportEd269(r.zones).features as any[])[0].geometry[0];
    expect([g.uomDimensions, g.upperLimit]).toEqual(['FT', 400]);
  });
  it('schedule and dailyPeriod are both read; times without Z are Europe/Berlin, with Z UTC', () => {
    const a = one((f: any) => { f.applicability = [{ permanent: 'NO', schedule: [{ day: ['MON'], startTime: '08:00', endTime: '09:00' }] }]; });
    const b = one((f: any) => { f.applicability = [{ permanent: 'NO', dailyPeriod: [{ day: ['ANY'], startTime: '08:00:00.00Z', endTime: '09:00:00.00Z' }] }]; });
    expect(a.zones[0]!.applicability.periods[0]!.schedule![0]).toEqual({ days: ['MON'], startTime: '08:00', endTime: '09:00', timeZone: 'Europe/Berlin' });
    expect(b.zones[0]!.applicability.periods[0]!.schedule![0]!.timeZone).toBe('UTC');
    expect(b.zones[0]!.applicability.periods[0]!.schedule![0]!.days).toHaveLength(7);
  });
  it('REQ_AUTHORIZATION (ED-318 spelling) is accepted', () => {
    expect(one((f: any) => { f.restriction = 'REQ_AUTHORIZATION'; }).zones[0]!.restriction).toBe('REQ_AUTHORISATION');
  });
  it('several volumes per zone (wedding cake)', () => {
    const r = one((f: any) => { f.geometry.push({ ...f.geometry[0], lowerLimit: 50, horizontalProjection: { type: 'Circle', center: [10, 53.5], radius: 2500 } }); });
    expect(r.zones[0]!.volumes.map((v) => [v.lower.heightM, (v.footprint as any).radiusM])).toEqual([[0, 100], [50, 2500]]);
  });
});

type Bad = { code: AirspaceErrorCode; field: string; severity?: 'error' | 'warning'; patch: (f: any) => void };
const RING = [[10, 53.5], [10.01, 53.5], [10.01, 53.51], [10, 53.51], [10, 53.5]];
const poly = (ring: unknown) => (f: any) => { f.geometry[0].horizontalProjection = { type: 'Polygon', coordinates: [ring] }; };
const BAD: Bad[] = [
  { code: 'RING_NOT_CLOSED', field: 'geometry[0].horizontalProjection.coordinates[0]', patch: poly(RING.slice(0, 4)) },
  { code: 'RING_TOO_FEW_POINTS', field: 'geometry[0].horizontalProjection.coordinates[0]', patch: poly([[10, 53.5], [10.01, 53.5], [10, 53.5]]) },
  { code: 'RING_SELF_INTERSECTS', field: 'geometry[0].horizontalProjection.coordinates[0]', patch: poly([[10, 53.5], [10.01, 53.51], [10.01, 53.5], [10, 53.51], [10, 53.5]]) },
  { code: 'COORD_OUT_OF_RANGE', field: 'geometry[0].horizontalProjection.coordinates[0][1]', patch: poly([[10, 53.5], [10.01, 93.5], [10.01, 53.51], [10, 53.51], [10, 53.5]]) },
  { code: 'COORD_OUT_OF_RANGE', field: 'geometry[0].horizontalProjection.center', patch: (f) => { f.geometry[0].horizontalProjection.center = [200, 53.5]; } },
  { code: 'COORD_PROBABLY_SWAPPED', field: 'geometry', severity: 'warning', patch: (f) => { f.geometry[0].horizontalProjection.center = [53.5, 10]; } },
  { code: 'IDENTIFIER_TOO_LONG', field: 'identifier', patch: (f) => { f.identifier = 'HAMBURG1'; } },
  { code: 'FIELD_MISSING', field: 'identifier', patch: (f) => { delete f.identifier; } },
  { code: 'FIELD_MISSING', field: 'country', patch: (f) => { delete f.country; } },
  { code: 'COUNTRY_INVALID', field: 'country', severity: 'warning', patch: (f) => { f.country = 'DE'; } },
  { code: 'ENUM_UNKNOWN', field: 'restriction', patch: (f) => { f.restriction = 'FORBIDDEN'; } },
  { code: 'ENUM_UNKNOWN', field: 'geometry[0].uomDimensions', patch: (f) => { f.geometry[0].uomDimensions = 'FL'; } },
  { code: 'ENUM_UNKNOWN', field: 'geometry[0].lowerVerticalReference', patch: (f) => { f.geometry[0].lowerVerticalReference = 'QNH'; } },
  { code: 'ENUM_UNKNOWN', field: 'geometry[0].horizontalProjection.type', patch: (f) => { f.geometry[0].horizontalProjection.type = 'Ellipse'; } },
  { code: 'ENUM_UNKNOWN', field: 'applicability[0].permanent', patch: (f) => { f.applicability[0].permanent = 'MAYBE'; } },
  { code: 'ENUM_UNKNOWN', field: 'applicability[0].schedule[0].day[0]', patch: (f) => { f.applicability = [{ permanent: 'NO', schedule: [{ day: ['MONDAY'], startTime: '08:00', endTime: '09:00' }] }]; } },
  { code: 'ENUM_UNKNOWN', field: 'reason[0]', severity: 'warning', patch: (f) => { f.reason = ['ALIENS']; } },
  { code: 'ENUM_UNKNOWN', field: 'type', severity: 'warning', patch: (f) => { f.type = 'SPECIAL'; } },
  { code: 'RADIUS_INVALID', field: 'geometry[0].horizontalProjection.radius', patch: (f) => { f.geometry[0].horizontalProjection.radius = -5; } },
  { code: 'RADIUS_INVALID', field: 'geometry[0].horizontalProjection.radius', patch: (f) => { f.geometry[0].horizontalProjection.radius = 0; } },
  { code: 'LIMIT_INVALID', field: 'geometry[0].upperLimit', patch: (f) => { f.geometry[0].upperLimit = 'high'; } },
  { code: 'LIMITS_INVERTED', field: 'geometry[0].upperLimit', patch: (f) => { f.geometry[0].lowerLimit = 150; } },
  { code: 'GEOMETRY_EMPTY', field: 'geometry', patch: (f) => { f.geometry = []; } },
  { code: 'DATETIME_INVALID', field: 'applicability[0].startDateTime', patch: (f) => { f.applicability = [{ permanent: 'NO', startDateTime: 'next Saturday' }]; } },
  { code: 'DATETIME_INVALID', field: 'applicability[0].endDateTime', patch: (f) => { f.applicability = [{ permanent: 'NO', startDateTime: '2026-08-22T19:00:00Z', endDateTime: '2026-08-22T13:00:00Z' }]; } },
  { code: 'TIME_INVALID', field: 'applicability[0].schedule[0].startTime', patch: (f) => { f.applicability = [{ permanent: 'NO', schedule: [{ day: ['MON'], startTime: '8 am', endTime: '09:00' }] }]; } },
  { code: 'STRING_TOO_LONG', field: 'otherReasonInfo', severity: 'warning', patch: (f) => { f.otherReasonInfo = 'x'.repeat(31); } },
  { code: 'REASON_TOO_MANY', field: 'reason', severity: 'warning', patch: (f) => { f.reason = Array(10).fill('OTHER'); } },
  { code: 'FIELD_TYPE', field: 'geometry[0].horizontalProjection.center', patch: (f) => { f.geometry[0].horizontalProjection.center = '10,53.5'; } },
  { code: 'EXTENSION_INVALID', field: 'extendedProperties.elbflug.categories', severity: 'warning', patch: (f) => { f.extendedProperties = { elbflug: { categories: ['SPACEPORT'] } }; } },
];

describe('ED-269 validation: precise issues, and a bad feature never takes the others down', () => {
  const good = (id: string) => ({
    identifier: id, country: 'DEU', name: 'ok', type: 'COMMON', restriction: 'PROHIBITED', applicability: [{ permanent: 'YES' }], zoneAuthority: [{ name: 'x', purpose: 'AUTHORIZATION' }],
    geometry: [{ uomDimensions: 'M', lowerLimit: 0, lowerVerticalReference: 'AGL', upperLimit: 120, upperVerticalReference: 'AGL', horizontalProjection: { type: 'Circle', center: [10, 53.5], radius: 100 } }],
  });
  it.each(BAD)('$code at $field', ({ code, field, severity = 'error', patch }) => {
    const bad = good('BAD01');
    patch(bad);
    const r = importEd269({ features: [good('OK001'), bad, good('OK002')] });
    const hit = r.issues.find((i) => i.code === code && i.field === field);
    expect(hit, JSON.stringify(r.issues)).toBeDefined();
    expect(hit!.severity).toBe(severity);
    expect(hit!.featureIndex).toBe(1);
    expect(hit!.message).toMatch(/^feature 1/);
    expect(hit!.message).toContain(field);
    expect(r.zones.map((z) => z.id)).toEqual(severity === 'error' ? ['OK001', 'OK002'] : ['OK001', r.zones[1]!.id, 'OK002']);
    expect(r.rejected).toBe(severity === 'error' ? 1 : 0);
  });
  it('IDENTIFIER_DUPLICATE: the later feature is skipped', () => {
    const r = importEd269({ features: [good('DUP01'), good('DUP01')] });
    expect(r.zones).toHaveLength(1);
    expect(r.issues.map((i) => [i.code, i.featureIndex])).toEqual([['IDENTIFIER_DUPLICATE', 1]]);
  });
  it('FEATURE_NOT_OBJECT', () => {
    const r = importEd269({ features: [42, good('OK001')] });
    expect(r.issues[0]!.code).toBe('FEATURE_NOT_OBJECT');
    expect(r.zones).toHaveLength(1);
  });
  it('ED269_SHAPE_UNKNOWN for a document that is not ED-269', () => {
    expect(() => importEd269({ zones: [] })).toThrow(expect.objectContaining({ code: 'ED269_SHAPE_UNKNOWN' }));
    try {
      importAirspace('nope');
    } catch (e) {
      expect(isAirspaceError(e, 'ED269_SHAPE_UNKNOWN')).toBe(true);
    }
  });
  it('a file mixing every broken feature loads its valid zones and reports the rest (golden)', () => {
    const features = [good('OK001'), ...BAD.map((b, i) => { const f = good(`B${String(i).padStart(2, '0')}`); b.patch(f); return f; }), good('OK002')];
    const r = importEd269({ title: 'invalid', features });
    expectGolden('invalid.issues.json', { loaded: r.zones.map((z) => z.id), issues: r.issues });
    expect(r.zones.map((z) => z.id)).toContain('OK002');
  });
  it('importEd269 / exportEd269 do not mutate their inputs', () => {
    const doc = fixture('hamburg-example-5-3.ed269.json');
    const c1 = snapshot(doc);
    const r = importEd269(doc);
    c1();
    const c2 = snapshot(r.zones);
    exportEd269(r.zones);
    c2();
  });
});
