/** Field checks shared by the GeoJSON and AIXM importers. */
import type { RecordIssues } from './errors.js';
import { OBSTACLE_TYPES, type ObstacleType } from './types.js';

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Highest structure on Earth with margin: anything taller is a unit or data error. */
export const MAX_OBSTACLE_HEIGHT_M = 1000;
export const MAX_OBSTACLE_RADIUS_M = 5000;
const FT = 0.3048;

/** A finite number in [min, max], else an issue on `field`. */
export function num(v: unknown, field: string, is: RecordIssues, min: number, max: number): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    is.error('OBSTACLE_FIELD_INVALID', field, `expected a number, got ${JSON.stringify(v)}`);
    return undefined;
  }
  if (n < min || n > max) {
    is.error('OBSTACLE_FIELD_INVALID', field, `${n} is outside ${min}…${max}`);
    return undefined;
  }
  return n;
}

/** Metres from a value and a unit of measure (M, FT; absent = M). */
export function metres(v: unknown, uom: unknown, field: string, is: RecordIssues, min: number, max: number): number | undefined {
  const u = uom === undefined ? 'M' : String(uom).toUpperCase();
  if (u !== 'M' && u !== 'FT') {
    is.error('OBSTACLE_FIELD_INVALID', `${field}@uom`, `unit ${JSON.stringify(uom)} is not M or FT`);
    return undefined;
  }
  const n = num(v, field, is, u === 'FT' ? min / FT : min, u === 'FT' ? max / FT : max);
  return n === undefined ? undefined : u === 'FT' ? n * FT : n;
}

export function lonLat(lon: unknown, lat: unknown, field: string, is: RecordIssues): [number, number] | undefined {
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    is.error('OBSTACLE_GEOMETRY_INVALID', field, `expected [lon, lat] numbers, got ${JSON.stringify([lon, lat])}`);
    return undefined;
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    is.error('OBSTACLE_GEOMETRY_INVALID', field, `[${lon}, ${lat}] is outside WGS84 (lon ±180, lat ±90)`);
    return undefined;
  }
  return [lon, lat];
}

/** A closed ring of ≥ 4 positions (closed here if the data left it open). */
export function ring(raw: readonly [number, number][], field: string, is: RecordIssues): [number, number][] | undefined {
  const r = [...raw];
  const a = r[0], b = r[r.length - 1];
  if (a && b && (a[0] !== b[0] || a[1] !== b[1])) r.push([a[0], a[1]]);
  if (r.length < 4) {
    is.error('OBSTACLE_GEOMETRY_INVALID', field, `a polygon needs at least 3 distinct corners, got ${Math.max(0, r.length - 1)}`);
    return undefined;
  }
  return r;
}

export function obstacleType(v: unknown, field: string, is: RecordIssues): ObstacleType {
  if (v === undefined) return 'OTHER';
  const s = String(v).toUpperCase();
  if ((OBSTACLE_TYPES as readonly string[]).includes(s)) return s as ObstacleType;
  is.warn('OBSTACLE_FIELD_INVALID', field, `type ${JSON.stringify(v)} is not one of ${OBSTACLE_TYPES.join(', ')}; kept as OTHER`);
  return 'OTHER';
}

export function instant(v: unknown, field: string, is: RecordIssues): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\d(T[\d:.]+(Z|[+-]\d\d:?\d\d))?$/.test(v) || Number.isNaN(Date.parse(v))) {
    is.error('OBSTACLE_FIELD_INVALID', field, `expected an ISO 8601 date or instant with a zone, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return new Date(Date.parse(v)).toISOString();
}
