import { describe, expect, it } from 'vitest';
import { bearingDeg, createLocalFrame, distanceM, toGeodetic, toLocal, toLocalXY } from '../../src/geo/index.js';

const ORIGIN = { lat: 53.55, lon: 10.0 };

describe('local ENU frame', () => {
  const frame = createLocalFrame(ORIGIN);
  it.each([
    { name: 'origin', p: ORIGIN, east: 0, north: 0 },
    { name: '0.01° north (meridional radius 6 376.8 km → 1112.97 m)', p: { lat: 53.56, lon: 10.0 }, east: 0, north: 1112.97 },
    { name: '0.01° east (N·cos φ → 662.81 m)', p: { lat: 53.55, lon: 10.01 }, east: 662.81, north: 0 },
  ])('forward: $name', ({ p, east, north }) => {
    const l = toLocal(frame, p);
    expect(Math.abs(l.eastM - east)).toBeLessThan(0.05);
    expect(Math.abs(l.northM - north)).toBeLessThan(0.05);
  });

  it.each([
    [53.55, 10.0], [53.7, 10.2], [53.4, 9.6], [53.9, 10.5], [52.5, 13.4], [47.4, 8.5],
  ])('inverse(forward(%f, %f)) is the identity to < 1 µm° ', (lat, lon) => {
    const g = toGeodetic(frame, toLocal(frame, { lat, lon }));
    expect(g.lat).toBeCloseTo(lat, 9);
    expect(g.lon).toBeCloseTo(lon, 9);
  });

  it('distances in the frame agree with distanceM to 0.01 % within 30 km', () => {
    const a = { lat: 53.46, lon: 9.96 }, b = { lat: 53.55, lon: 9.90 };
    const [ax, ay] = toLocalXY(frame, a.lon, a.lat);
    const [bx, by] = toLocalXY(frame, b.lon, b.lat);
    expect(Math.abs(Math.hypot(bx - ax, by - ay) / distanceM(a, b) - 1)).toBeLessThan(1e-4);
  });

  it('rejects an invalid origin', () => {
    expect(() => createLocalFrame({ lat: 95, lon: 0 })).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const o = { ...ORIGIN };
    const f = createLocalFrame(o);
    const p = { lat: 53.6, lon: 10.1 };
    const e = toLocal(f, p);
    const e2 = { ...e };
    toGeodetic(f, e);
    distanceM(o, p);
    bearingDeg(o, p);
    expect(o).toEqual(ORIGIN);
    expect(p).toEqual({ lat: 53.6, lon: 10.1 });
    expect(e).toEqual(e2);
  });
});

describe('distanceM / bearingDeg', () => {
  it.each([
    { name: 'H1 Rathaus → HafenCity', a: { lat: 53.5508, lon: 9.9925 }, b: { lat: 53.5406, lon: 10.0052 }, km: 1.41, brg: 143 },
    { name: 'H2 UKE → St. Georg', a: { lat: 53.5914, lon: 9.9767 }, b: { lat: 53.5592, lon: 10.0181 }, km: 4.49, brg: 142 },
    { name: 'H4 Harburg → Altona', a: { lat: 53.4605, lon: 9.9645 }, b: { lat: 53.5544, lon: 9.9028 }, km: 11.16, brg: 339 },
  ])('$name: $km km, $brg°', ({ a, b, km, brg }) => {
    // the domain notes used a sphere; the ellipsoid is ≤ 0.7 % longer at 53.5° N
    expect(Math.abs(distanceM(a, b) / 1000 / km - 1)).toBeLessThan(0.007);
    expect(Math.abs(bearingDeg(a, b) - brg)).toBeLessThan(1.5);
  });
});
