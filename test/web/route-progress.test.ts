/** Progress along the planned route (the web map's src/web/js/route-progress.js, plain JS without DOM). */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Progress { alongM: number; totalM: number; offM: number; fraction: number }
const { RouteProgress } = (await import(pathToFileURL(join(import.meta.dirname, '../../src/web/js/route-progress.js')).href)) as {
  RouteProgress: new (coords: number[][]) => { update(lat: number, lon: number): Progress; totalM: number };
};

// 1 km north, then 1 km east, from Rathaus (metres → degrees at 53.55°N)
const LAT = 53.5508;
const LON = 9.9925;
const dLat = (m: number) => m / 111_195;
const dLon = (m: number) => m / (111_195 * Math.cos((LAT * Math.PI) / 180));
const L_ROUTE = [[LON, LAT, 0], [LON, LAT, 60], [LON, LAT + dLat(1000), 60], [LON + dLon(1000), LAT + dLat(1000), 60], [LON + dLon(1000), LAT + dLat(1000), 0]];

describe('RouteProgress', () => {
  it.each([
    ['at the start', 0, 0, 0, 0],
    ['half-way up the first leg', 500, 0, 500, 0],
    ['20 m east of the first leg', 700, 20, 700, 20],
    ['at the corner', 1000, 0, 1000, 0],
    ['on the second leg', 1000, 400, 1400, 0],
    ['at the end', 1000, 1000, 2000, 0],
  ])('%s', (_what, north, east, along, off) => {
    const p = new RouteProgress(L_ROUTE);
    const r = p.update(LAT + dLat(north), LON + dLon(east));
    expect(r.totalM).toBeCloseTo(2000, -1); // vertical legs add nothing horizontally
    expect(r.alongM).toBeCloseTo(along, -1);
    expect(r.offM).toBeCloseTo(off, 0);
    expect(r.fraction).toBeCloseTo(along / 2000, 2);
  });

  it('an out-and-back route: the way back counts as progress, never as going backwards', () => {
    const out = [[LON, LAT], [LON, LAT + dLat(1000)]];
    const p = new RouteProgress([...out, ...[...out].reverse()]);
    const seen = [0, 300, 700, 1000, 700, 300, 0].map((north) => Math.round(p.update(LAT + dLat(north), LON).alongM));
    expect(seen.map((m) => Math.round(m / 10) * 10)).toEqual([0, 300, 700, 1000, 1300, 1700, 2000]);
  });

  it('a single point or an empty route is 0 of 0, not NaN', () => {
    expect(new RouteProgress([[LON, LAT]]).update(LAT, LON)).toEqual({ alongM: 0, totalM: 0, offM: 0, fraction: 0 });
    expect(new RouteProgress([]).update(LAT, LON)).toEqual({ alongM: 0, totalM: 0, offM: 0, fraction: 0 });
  });
});
