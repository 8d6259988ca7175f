/** Seeded synthetic zones for brute-force tests and benchmarks (deterministic, no Math.random). */
import { mulberry32 } from '../../../sim/protocol/mission-faults.js';
import type { LonLat } from '../../../src/geo/types.js';
import type { Footprint, Zone } from '../../../src/airspace/types.js';

/** mulberry32 (the simulator's implementation). */
export const rng = mulberry32;

export const HAMBURG_BOX = { minLon: 9.55, minLat: 53.38, maxLon: 10.3, maxLat: 53.85 };
/** Germany's bounding box: where a national-size set spreads its zones. */
export const GERMANY_BOX = { minLon: 5.9, minLat: 47.3, maxLon: 15.0, maxLat: 55.1 };

/** A star-shaped (non-convex, simple) polygon around a centre. */
function star(r: () => number, lon: number, lat: number, radiusM: number): LonLat[] {
  const n = 5 + Math.floor(r() * 10);
  const pts: LonLat[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const d = radiusM * (0.4 + 0.6 * r());
    pts.push([lon + (d * Math.sin(a)) / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + (d * Math.cos(a)) / 111_320]);
  }
  pts.push(pts[0]!);
  return pts;
}

/** `count` zones in `box` (default Hamburg's), ids `${idPrefix}00000`… (default "S"). */
export function syntheticZones(count: number, seed = 1, o: { box?: typeof HAMBURG_BOX; idPrefix?: string } = {}): Zone[] {
  const r = rng(seed);
  const box = o.box ?? HAMBURG_BOX;
  const zones: Zone[] = [];
  for (let i = 0; i < count; i++) {
    const lon = box.minLon + r() * (box.maxLon - box.minLon);
    const lat = box.minLat + r() * (box.maxLat - box.minLat);
    const kind = r();
    let footprint: Footprint;
    if (kind < 0.4) footprint = { kind: 'circle', center: [lon, lat], radiusM: 50 + r() * 1500 };
    else if (kind < 0.8) footprint = { kind: 'polygon', rings: [star(r, lon, lat, 100 + r() * 2000)] };
    else {
      const pts: LonLat[] = [[lon, lat]];
      for (let k = 0; k < 2 + Math.floor(r() * 5); k++) {
        const [plon, plat] = pts[pts.length - 1]!;
        pts.push([plon + (r() - 0.5) * 0.03, plat + (r() - 0.5) * 0.02]);
      }
      footprint = { kind: 'corridor', centreline: pts, halfWidthM: 20 + r() * 300 };
    }
    const lower = r() < 0.7 ? 0 : Math.round(r() * 60);
    zones.push({
      id: `${o.idPrefix ?? 'S'}${String(i).padStart(5, '0')}`.slice(0, 7), country: 'DEU', name: `synthetic ${i}`, categories: ['CUSTOM'],
      restriction: 'REQ_AUTHORISATION', reasons: [], restrictionConditions: [], type: 'COMMON', lateralBufferM: 0,
      applicability: { permanent: true, periods: [] }, authorities: [],
      volumes: [{ footprint, lower: { heightM: lower, ref: 'AGL' }, upper: { heightM: lower + 40 + Math.round(r() * 100), ref: 'AGL' } }],
    });
  }
  return zones;
}
