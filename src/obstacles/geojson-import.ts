/**
 * elbflug's obstacle GeoJSON (schema in docs/obstacles.md): a FeatureCollection of Point or
 * LineString/MultiLineString (+ radiusM) or Polygon features (MultiPoint / MultiPolygon: one obstacle per member) with id, name, type, heightM, heightRef, lighted, source,
 * validFrom, validTo. Pure: data in, obstacles and issues out.
 */
import { ObstacleError, RecordIssues, type ObstacleImportResult, type ObstacleIssue } from './errors.js';
import { instant, isObj, lonLat, MAX_OBSTACLE_HEIGHT_M, MAX_OBSTACLE_RADIUS_M, num, obstacleType, ring } from './common.js';
import type { Obstacle, ObstacleFootprint } from './types.js';

/** A line of ≥ 2 positions at `field` (LineString coordinates, or one line of a MultiLineString). */
function line(c: unknown, field: string, is: RecordIssues): [number, number][] | undefined {
  if (!Array.isArray(c) || c.length < 2) { is.error('OBSTACLE_GEOMETRY_INVALID', field, 'expected [[lon, lat], …] with at least 2 positions'); return undefined; }
  const pts: [number, number][] = [];
  c.forEach((q: unknown, i) => {
    const ll = Array.isArray(q) ? lonLat(q[0], q[1], `${field}[${i}]`, is) : lonLat(undefined, undefined, `${field}[${i}]`, is);
    if (ll) pts.push(ll);
  });
  return is.failed ? undefined : pts;
}

/** The footprints of a feature: one, or one per line of a MultiLineString. */
function footprints(g: unknown, p: Record<string, unknown>, is: RecordIssues): ObstacleFootprint[] | undefined {
  if (isObj(g) && (g.type === 'LineString' || g.type === 'MultiLineString')) {
    const radiusM = p.radiusM === undefined ? 0 : num(p.radiusM, 'properties.radiusM', is, 0, MAX_OBSTACLE_RADIUS_M);
    const lines = g.type === 'LineString' ? [line(g.coordinates, 'geometry.coordinates', is)]
      : Array.isArray(g.coordinates) && g.coordinates.length > 0 ? g.coordinates.map((c: unknown, k) => line(c, `geometry.coordinates[${k}]`, is))
        : (is.error('OBSTACLE_GEOMETRY_INVALID', 'geometry.coordinates', 'expected [[[lon, lat], …], …] with at least one line'), []);
    if (is.failed || radiusM === undefined) return undefined;
    return lines.map((path) => ({ kind: 'line' as const, path: path!, radiusM }));
  }
  // MultiPoint / MultiPolygon (a group of masts, a building complex): one obstacle per member, as
  // MultiLineString; they were refused, and one refused record now stops the service's start
  if (isObj(g) && (g.type === 'MultiPoint' || g.type === 'MultiPolygon')) {
    const single = g.type === 'MultiPoint' ? 'Point' : 'Polygon';
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
      is.error('OBSTACLE_GEOMETRY_INVALID', 'geometry.coordinates', `expected a non-empty list of ${single} coordinates`);
      return undefined;
    }
    const members = g.coordinates.map((c: unknown, k) => footprint({ type: single, coordinates: c }, p, is, `geometry.coordinates[${k}]`));
    return is.failed ? undefined : (members as ObstacleFootprint[]);
  }
  const one = footprint(g, p, is);
  return one ? [one] : undefined;
}

function footprint(g: unknown, p: Record<string, unknown>, is: RecordIssues, at = 'geometry.coordinates'): ObstacleFootprint | undefined {
  if (!isObj(g)) { is.error('OBSTACLE_FIELD_MISSING', 'geometry', 'a Point, LineString, Polygon or Multi… geometry is required'); return undefined; }
  if (g.type === 'Point') {
    const c = g.coordinates;
    if (!Array.isArray(c)) { is.error('OBSTACLE_GEOMETRY_INVALID', at, 'expected [lon, lat]'); return undefined; }
    const ll = lonLat(c[0], c[1], at, is);
    const radiusM = p.radiusM === undefined ? 0 : num(p.radiusM, 'properties.radiusM', is, 0, MAX_OBSTACLE_RADIUS_M);
    return ll && radiusM !== undefined ? { kind: 'point', lon: ll[0], lat: ll[1], radiusM } : undefined;
  }
  if (g.type === 'Polygon') {
    const outer: unknown = Array.isArray(g.coordinates) ? g.coordinates[0] : undefined;
    if (!Array.isArray(outer)) { is.error('OBSTACLE_GEOMETRY_INVALID', at, 'expected [[[lon, lat], …]]'); return undefined; }
    const pts: [number, number][] = [];
    outer.forEach((c: unknown, i) => {
      const ll = Array.isArray(c) ? lonLat(c[0], c[1], `${at}[0][${i}]`, is) : lonLat(undefined, undefined, `${at}[0][${i}]`, is);
      if (ll) pts.push(ll);
    });
    if (is.failed) return undefined;
    const r = ring(pts, `${at}[0]`, is);
    return r ? { kind: 'polygon', ring: r } : undefined;
  }
  is.error('OBSTACLE_GEOMETRY_INVALID', 'geometry.type', `${JSON.stringify(g.type)} is not supported (Point/MultiPoint or LineString/MultiLineString with radiusM, or Polygon/MultiPolygon)`);
  return undefined;
}

/** One feature's obstacles: one, or one per line of a MultiLineString (ids `id#1`, `id#2`, …). */
function feature(f: unknown, i: number, sink: ObstacleIssue[], ids: Set<string>, defaultSource: string): Obstacle[] {
  const is = new RecordIssues(sink, i);
  if (!isObj(f) || f.type !== 'Feature') { is.error('OBSTACLE_FIELD_INVALID', '', 'expected a GeoJSON Feature object'); return []; }
  const p = isObj(f.properties) ? f.properties : {};
  const id = p.id ?? f.id;
  if (typeof id !== 'string' && typeof id !== 'number') { is.error('OBSTACLE_FIELD_MISSING', 'properties.id', 'every obstacle needs an id (string)'); return []; }
  is.featureId = String(id);
  if (ids.has(String(id))) { is.error('OBSTACLE_ID_DUPLICATE', 'properties.id', `id ${String(id)} is used by an earlier feature`); return []; }
  if (typeof p.name !== 'string' || p.name.trim() === '') is.error('OBSTACLE_FIELD_MISSING', 'properties.name', 'a name is required (pilots read it)');
  if (p.heightM === undefined) is.error('OBSTACLE_FIELD_MISSING', 'properties.heightM', 'the top height in metres is required');
  const heightM = p.heightM === undefined ? undefined : num(p.heightM, 'properties.heightM', is, 0, MAX_OBSTACLE_HEIGHT_M + 500);
  const ref = p.heightRef ?? 'AGL';
  if (ref !== 'AGL' && ref !== 'AMSL') is.error('OBSTACLE_FIELD_INVALID', 'properties.heightRef', `expected "AGL" or "AMSL", got ${JSON.stringify(ref)}`);
  if (p.lighted !== undefined && typeof p.lighted !== 'boolean') is.error('OBSTACLE_FIELD_INVALID', 'properties.lighted', `expected true or false, got ${JSON.stringify(p.lighted)}`);
  if (p.source !== undefined && typeof p.source !== 'string') is.error('OBSTACLE_FIELD_INVALID', 'properties.source', 'expected a string');
  const type = obstacleType(p.type, 'properties.type', is);
  const validFrom = instant(p.validFrom, 'properties.validFrom', is);
  const validTo = instant(p.validTo, 'properties.validTo', is);
  if (validFrom && validTo && Date.parse(validTo) <= Date.parse(validFrom)) is.error('OBSTACLE_FIELD_INVALID', 'properties.validTo', `${validTo} is not after validFrom ${validFrom}`);
  const fps = footprints(f.geometry, p, is);
  if (is.failed || !fps || heightM === undefined) return [];
  ids.add(String(id));
  return fps.map((fp, k) => ({
    id: fps.length > 1 ? `${String(id)}#${k + 1}` : String(id), name: String(p.name), type, footprint: fp, top: { heightM, ref: ref as 'AGL' | 'AMSL' },
    ...(typeof p.lighted === 'boolean' ? { lighted: p.lighted } : {}),
    source: typeof p.source === 'string' ? p.source : defaultSource,
    ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}),
  }));
}

/**
 * Imports an obstacle FeatureCollection; throws OBSTACLE_FORMAT_UNKNOWN for anything else.
 * @example
 * const { obstacles, issues } = importObstacleGeoJson(JSON.parse(text));
 * issues[0]?.message; // → 'feature 3 (HH-CRANE-1), properties.heightM: expected a number, got "tall"'
 */
export function importObstacleGeoJson(doc: unknown): ObstacleImportResult {
  if (!isObj(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new ObstacleError('OBSTACLE_FORMAT_UNKNOWN', 'an obstacle GeoJSON file must be a FeatureCollection with a features array (see docs/obstacles.md)');
  }
  const title = typeof doc.title === 'string' ? doc.title : undefined;
  const issues: ObstacleIssue[] = [];
  const ids = new Set<string>();
  const obstacles: Obstacle[] = [];
  doc.features.forEach((f: unknown, i) => {
    obstacles.push(...feature(f, i, issues, ids, title ?? 'GeoJSON'));
  });
  return { obstacles, issues, ...(title ? { title } : {}) };
}
