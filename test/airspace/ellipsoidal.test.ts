/** WGS84 (ellipsoidal) limits read as AMSL with a given geoid: conservative over the footprint, others untouched. */
import { describe, expect, it } from 'vitest';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';

const box = { type: 'Polygon', coordinates: [[[10.0, 53.5], [10.2, 53.5], [10.2, 53.7], [10.0, 53.7], [10.0, 53.5]]] };
const feature = (geometry: Record<string, unknown>) => ({
  identifier: 'TSTE1', country: 'DEU', name: 'ellipsoidal', type: 'COMMON', restriction: 'PROHIBITED', reason: ['SENSITIVE'],
  applicability: [{ permanent: 'YES' }], zoneAuthority: [{ name: 'test' }],
  geometry: [{ uomDimensions: 'M', horizontalProjection: box, ...geometry }],
});
// a geoid that rises 1 m per 0.1° of latitude: 40 m at 53.5°, 42 m at 53.7°
const geoidAt = (lat: number) => 40 + (lat - 53.5) * 10;
const read = (geometry: Record<string, unknown>, withGeoid = true) => importEd269({ title: 't', features: [feature(geometry)] }, withGeoid ? { geoidAt } : {});

describe('ellipsoidal limits → AMSL', () => {
  it.each([
    // [lower, lowerRef, upper, upperRef] → [lower AMSL, upper AMSL]: the lower with the largest N, the upper with the smallest
    [{ lowerLimit: 100, lowerVerticalReference: 'WGS84', upperLimit: 200, upperVerticalReference: 'WGS84' }, 58, 160],
    [{ lowerLimit: 0, lowerVerticalReference: 'AGL', upperLimit: 150, upperVerticalReference: 'WGS84' }, 0, 110],
    [{ lowerLimit: 50, lowerVerticalReference: 'WGS84', upperLimit: 120, upperVerticalReference: 'AGL' }, 8, 120],
  ])('%o → lower %d, upper %d', (g, lower, upper) => {
    const r = read(g);
    const v = r.zones[0]!.volumes[0]!;
    expect(v.lower.heightM).toBeCloseTo(lower, 6);
    expect(v.upper!.heightM).toBeCloseTo(upper, 6);
    expect([v.lower.ref, v.upper!.ref]).toEqual([g.lowerVerticalReference === 'WGS84' ? 'AMSL' : g.lowerVerticalReference, g.upperVerticalReference === 'WGS84' ? 'AMSL' : g.upperVerticalReference]);
    expect(r.issues.filter((i) => i.code === 'HEIGHT_REFERENCE_CONVERTED')).toHaveLength(1);
  });

  it('leaves AMSL/AGL limits alone (no warning), and WGS84 as it is without a geoid', () => {
    const plain = read({ lowerLimit: 0, lowerVerticalReference: 'AGL', upperLimit: 100, upperVerticalReference: 'AMSL' });
    expect(plain.issues.some((i) => i.code === 'HEIGHT_REFERENCE_CONVERTED')).toBe(false);
    expect(plain.zones[0]!.volumes[0]!.upper).toEqual({ heightM: 100, ref: 'AMSL' });
    const raw = read({ lowerLimit: 0, lowerVerticalReference: 'AGL', upperLimit: 150, upperVerticalReference: 'WGS84' }, false);
    expect(raw.zones[0]!.volumes[0]!.upper).toEqual({ heightM: 150, ref: 'WGS84' });
  });
});
