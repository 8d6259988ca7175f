/**
 * WGS84 (ellipsoidal) limits → AMSL at import, when the caller gives the geoid (the service and the
 * CLI give EGM96: src/io/geoid.ts). The queries compare limits with AMSL heights, and a zone whose
 * limit stays ellipsoidal needs a geoid undulation on every query — near it plans were refused and
 * conformance could not judge it. Conservative: the geoid is sampled over the volume's footprint and
 * the lower limit comes out as low, the upper as high, as the undulation anywhere under it puts them.
 */
import type { LonLat } from '../../geo/types.js';
import type { Footprint, HeightLimit, Volume } from '../types.js';
import type { FeatureIssues } from './issues.js';

/** Geoid undulation N (ellipsoid − geoid, metres) at a position. */
export type GeoidAt = (lat: number, lon: number) => number;

const M_PER_DEG_LAT = 111_320;

/** The footprint's bounding box: its corners and centre (the geoid varies by centimetres per kilometre). */
function samplePoints(f: Footprint): LonLat[] {
  const pts: LonLat[] = [];
  const around = (c: LonLat, r: number): void => {
    const dLat = r / M_PER_DEG_LAT;
    const dLon = r / (M_PER_DEG_LAT * Math.max(0.01, Math.cos((c[1] * Math.PI) / 180)));
    pts.push([c[0] - dLon, c[1] - dLat], [c[0] + dLon, c[1] + dLat]);
  };
  if (f.kind === 'polygon') pts.push(...f.rings.flat());
  else if (f.kind === 'circle') around(f.center, f.radiusM);
  else for (const c of f.centreline) around(c, f.halfWidthM);
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  return [[w, s], [w, n], [e, s], [e, n], [(w + e) / 2, (s + n) / 2]];
}

const show = (l: HeightLimit): string => `${Math.round(l.heightM * 10) / 10} m ${l.ref}`;

/** The volume with its WGS84 limits as AMSL (a HEIGHT_REFERENCE_CONVERTED warning says how); others unchanged. */
export function ellipsoidalToAmsl(v: Volume, geoidAt: GeoidAt, is: FeatureIssues, field: string): Volume {
  if (v.lower.ref !== 'WGS84' && v.upper?.ref !== 'WGS84') return v;
  const ns = samplePoints(v.footprint).map(([lon, lat]) => geoidAt(lat, lon));
  const nMin = Math.min(...ns);
  const nMax = Math.max(...ns);
  const lower: HeightLimit = v.lower.ref === 'WGS84' ? { heightM: v.lower.heightM - nMax, ref: 'AMSL' } : v.lower;
  const upper: HeightLimit | null = v.upper?.ref === 'WGS84' ? { heightM: v.upper.heightM - nMin, ref: 'AMSL' } : v.upper;
  const moved = [v.lower.ref === 'WGS84' ? `lower ${show(v.lower)} → ${show(lower)}` : '', v.upper?.ref === 'WGS84' ? `upper ${show(v.upper)} → ${show(upper!)}` : ''].filter(Boolean).join(', ');
  is.warn('HEIGHT_REFERENCE_CONVERTED', field, `WGS84 (ellipsoidal) limits read as AMSL with the geoid undulation under the volume (${nMin.toFixed(1)}–${nMax.toFixed(1)} m, the lower limit taken as low and the upper as high as it allows): ${moved}`);
  return { ...v, lower, upper };
}
