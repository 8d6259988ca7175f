/**
 * ICAO/AIXM 5.1 VerticalStructure (the encoding of electronic terrain and obstacle data, eTOD):
 * each VerticalStructurePart with an ElevatedPoint (+ the structure's radius), ElevatedCurve (a
 * power line: a line, the radius as half-width) or ElevatedSurface becomes one Obstacle. The top is the part's verticalExtent (height above ground, AGL) or,
 * without it, the geometry's elevation (of the top, AMSL). Pure: a string in, obstacles and issues out.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ObstacleError, RecordIssues, type ObstacleImportResult, type ObstacleIssue } from './errors.js';
import { instant, isObj, lonLat, MAX_OBSTACLE_HEIGHT_M, MAX_OBSTACLE_RADIUS_M, metres, obstacleType, ring } from './common.js';
import type { Obstacle, ObstacleFootprint, ObstacleTop } from './types.js';

const LISTS = new Set(['VerticalStructure', 'timeSlice', 'part', 'hasMember', 'member', 'PolygonPatch', 'patches', 'segments', 'LineStringSegment', 'GeodesicString']);
const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false,
  processEntities: false, isArray: (name) => LISTS.has(name),
});

type Node = Record<string, unknown>;
const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim();
  if (isObj(v) && typeof v['#text'] === 'string') return v['#text'].trim();
  return undefined;
};
const attr = (v: unknown, a: string): string | undefined => (isObj(v) && typeof v[`@_${a}`] === 'string' ? v[`@_${a}`] as string : undefined);
const first = (v: unknown): Node | undefined => {
  const x: unknown = Array.isArray(v) ? v[0] : v;
  return isObj(x) ? x : undefined;
};

/** Every VerticalStructure element anywhere in the document (AIXMBasicMessage members or bare). */
function structures(n: unknown, out: Node[]): Node[] {
  if (Array.isArray(n)) { for (const x of n) structures(x, out); return out; }
  if (!isObj(n)) return out;
  for (const [k, v] of Object.entries(n)) {
    if (k === 'VerticalStructure') { for (const s of Array.isArray(v) ? v : [v]) if (isObj(s)) out.push(s); } else if (!k.startsWith('@_')) structures(v, out);
  }
  return out;
}

/** `lat lon` (EPSG:4326, AIXM's default) or `lon lat` (CRS84) pairs. */
function positions(s: string | undefined, lonFirst: boolean, field: string, is: RecordIssues): [number, number][] | undefined {
  const n = (s ?? '').split(/\s+/).filter((x) => x !== '').map(Number);
  if (n.length < 2 || n.length % 2 !== 0 || n.some((x) => !Number.isFinite(x))) {
    is.error('OBSTACLE_GEOMETRY_INVALID', field, `expected pairs of numbers, got ${JSON.stringify((s ?? '').slice(0, 60))}`);
    return undefined;
  }
  const out: [number, number][] = [];
  for (let i = 0; i < n.length; i += 2) {
    const ll = lonFirst ? lonLat(n[i], n[i + 1], field, is) : lonLat(n[i + 1], n[i], field, is);
    if (!ll) return undefined;
    out.push(ll);
  }
  return out;
}

const lonFirstSrs = (g: unknown): boolean => /CRS84/i.test(attr(g, 'srsName') ?? '');

function geometry(part: Node, radiusM: number, is: RecordIssues): { fp: ObstacleFootprint; elevation?: unknown; elevUom?: string } | undefined {
  const pt = first(first(part.horizontalProjection_location)?.ElevatedPoint);
  if (pt) {
    const p = positions(text(pt.pos), lonFirstSrs(pt), 'ElevatedPoint.pos', is)?.[0];
    if (!p) return undefined;
    return { fp: { kind: 'point', lon: p[0], lat: p[1], radiusM }, elevation: text(pt.elevation), ...(attr(pt.elevation, 'uom') ? { elevUom: attr(pt.elevation, 'uom')! } : {}) };
  }
  const surf = first(first(part.horizontalProjection_surfaceExtent)?.ElevatedSurface);
  if (surf) {
    const patch = first(first(surf.patches)?.PolygonPatch);
    const lr = first(first(patch?.exterior)?.LinearRing);
    const pts = positions(text(lr?.posList), lonFirstSrs(surf), 'ElevatedSurface.patches.PolygonPatch.exterior.LinearRing.posList', is);
    const r = pts ? ring(pts, 'ElevatedSurface…posList', is) : undefined;
    if (!r) return undefined;
    return { fp: { kind: 'polygon', ring: r }, elevation: text(surf.elevation), ...(attr(surf.elevation, 'uom') ? { elevUom: attr(surf.elevation, 'uom')! } : {}) };
  }
  if (part.horizontalProjection_linearExtent !== undefined) return curve(part.horizontalProjection_linearExtent, radiusM, is);
  is.error('OBSTACLE_FIELD_MISSING', 'horizontalProjection_location', 'a part needs an ElevatedPoint, ElevatedCurve or ElevatedSurface');
  return undefined;
}

/**
 * An ElevatedCurve (a power line, a cable car): its straight segments (gml:LineStringSegment or
 * gml:GeodesicString, each a posList; a span of a few km is straight enough) joined in order, as a
 * line with the structure's radius as half-width. Arcs and other segment kinds are refused.
 */
function curve(extent: unknown, radiusM: number, is: RecordIssues): { fp: ObstacleFootprint; elevation?: unknown; elevUom?: string } | undefined {
  const field = 'horizontalProjection_linearExtent.ElevatedCurve';
  const c = first(first(extent)?.ElevatedCurve);
  if (!c) { is.error('OBSTACLE_FIELD_MISSING', field, 'expected an aixm:ElevatedCurve'); return undefined; }
  const segs = first(c.segments);
  const other = segs ? Object.keys(segs).filter((k) => !k.startsWith('@_') && k !== 'LineStringSegment' && k !== 'GeodesicString') : [];
  if (other.length > 0) { is.error('OBSTACLE_GEOMETRY_INVALID', `${field}.segments.${other[0]}`, `${other[0]} segments are not supported (LineStringSegment or GeodesicString)`); return undefined; }
  const kinds = segs ? (['LineStringSegment', 'GeodesicString'] as const).filter((k) => Array.isArray(segs[k])) : [];
  if (kinds.length !== 1) {
    is.error('OBSTACLE_GEOMETRY_INVALID', `${field}.segments`, kinds.length === 0 ? 'no LineStringSegment or GeodesicString with a posList' : 'mixed LineStringSegment and GeodesicString segments (their order is ambiguous); use one kind');
    return undefined;
  }
  const path: [number, number][] = [];
  for (const [k, seg] of (segs![kinds[0]!] as unknown[]).entries()) {
    const pts = positions(text(first(seg)?.posList), lonFirstSrs(c), `${field}.segments.${kinds[0]}[${k}].posList`, is);
    if (!pts) return undefined;
    for (const q of pts) {
      const last = path[path.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) path.push(q);
    }
  }
  if (path.length < 2) { is.error('OBSTACLE_GEOMETRY_INVALID', `${field}.segments`, 'a curve needs at least 2 distinct positions'); return undefined; }
  return { fp: { kind: 'line', path, radiusM }, elevation: text(c.elevation), ...(attr(c.elevation, 'uom') ? { elevUom: attr(c.elevation, 'uom')! } : {}) };
}

function structure(vs: Node, i: number, sink: ObstacleIssue[], ids: Set<string>, source: string): Obstacle[] {
  const is = new RecordIssues(sink, i, 'VerticalStructure');
  const id = text(vs.identifier) ?? attr(vs, 'id');
  if (!id) { is.error('OBSTACLE_FIELD_MISSING', 'gml:identifier', 'every VerticalStructure needs a gml:identifier or gml:id'); return []; }
  is.featureId = id;
  const ts = first(first(vs.timeSlice)?.VerticalStructureTimeSlice);
  if (!ts) { is.error('OBSTACLE_FIELD_MISSING', 'timeSlice', 'no VerticalStructureTimeSlice'); return []; }
  const name = text(ts.name) ?? id;
  const type = obstacleType(text(ts.type), 'type', is);
  const lit = text(ts.lighted);
  if (lit !== undefined && lit !== 'YES' && lit !== 'NO') is.warn('OBSTACLE_FIELD_INVALID', 'lighted', `expected YES or NO, got ${JSON.stringify(lit)}; treated as unknown`);
  const period = first(first(ts.validTime)?.TimePeriod);
  const validFrom = instant(text(period?.beginPosition), 'validTime.beginPosition', is);
  const validTo = instant(text(period?.endPosition), 'validTime.endPosition', is);
  const radiusM = ts.radius === undefined ? 0 : metres(text(ts.radius), attr(ts.radius, 'uom'), 'radius', is, 0, MAX_OBSTACLE_RADIUS_M);
  const parts = Array.isArray(ts.part) ? ts.part.map(first).filter((p): p is Node => p !== undefined).map((p) => first(p.VerticalStructurePart) ?? p) : [];
  if (parts.length === 0) is.error('OBSTACLE_FIELD_MISSING', 'part', 'no VerticalStructurePart');
  if (is.failed || radiusM === undefined) return [];
  if (ids.has(id)) { is.error('OBSTACLE_ID_DUPLICATE', 'gml:identifier', `identifier ${id} is used by an earlier VerticalStructure`); return []; }
  ids.add(id);
  const out: Obstacle[] = [];
  parts.forEach((part, k) => {
    const pis = new RecordIssues(sink, i, 'VerticalStructure');
    pis.featureId = parts.length > 1 ? `${id}#${k + 1}` : id;
    const g = geometry(part, radiusM, pis);
    let top: ObstacleTop | undefined;
    if (part.verticalExtent !== undefined) {
      const h = metres(text(part.verticalExtent), attr(part.verticalExtent, 'uom'), 'part.verticalExtent', pis, 0, MAX_OBSTACLE_HEIGHT_M);
      if (h !== undefined) top = { heightM: h, ref: 'AGL' };
    } else if (g?.elevation !== undefined) {
      const h = metres(g.elevation, g.elevUom, `${g.fp.kind === 'point' ? 'ElevatedPoint' : g.fp.kind === 'line' ? 'ElevatedCurve' : 'ElevatedSurface'}.elevation`, pis, -500, MAX_OBSTACLE_HEIGHT_M + 9000);
      if (h !== undefined) top = { heightM: h, ref: 'AMSL' };
    } else {
      pis.error('OBSTACLE_FIELD_MISSING', 'part.verticalExtent', 'neither verticalExtent nor an elevation gives the top height');
    }
    if (!g || !top || pis.failed) return;
    out.push({
      id: pis.featureId, name, type, footprint: g.fp, top, source,
      ...(lit === 'YES' ? { lighted: true } : lit === 'NO' ? { lighted: false } : {}),
      ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}),
    });
  });
  return out;
}

/**
 * Imports AIXM 5.1 VerticalStructure features from XML text; throws OBSTACLE_FORMAT_UNKNOWN for
 * text that is not well-formed XML, has a DTD (entities are never expanded), or holds no VerticalStructure.
 * @example
 * importAixmObstacles(readFileSync('etod.xml', 'utf8')).obstacles[0]?.top; // → { heightM: 279.8, ref: 'AGL' }
 */
export function importAixmObstacles(xml: string, source = 'AIXM 5.1'): ObstacleImportResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ObstacleError('OBSTACLE_FORMAT_UNKNOWN', 'AIXM obstacle files must not contain a DTD or entity declarations');
  const ok = XMLValidator.validate(xml);
  if (ok !== true) throw new ObstacleError('OBSTACLE_FORMAT_UNKNOWN', `not well-formed XML at line ${ok.err.line}: ${ok.err.msg}`, { line: ok.err.line });
  const doc: unknown = parser.parse(xml);
  const list = structures(doc, []);
  if (list.length === 0) throw new ObstacleError('OBSTACLE_FORMAT_UNKNOWN', 'the XML holds no aixm:VerticalStructure (expected an AIXM 5.1 eTOD obstacle set)');
  const issues: ObstacleIssue[] = [];
  const ids = new Set<string>();
  const obstacles = list.flatMap((vs, i) => structure(vs, i, issues, ids, source));
  return { obstacles, issues };
}
