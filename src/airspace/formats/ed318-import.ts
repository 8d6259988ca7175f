import type { LonLat } from '../../geo/types.js';
import { AirspaceError, type ValidationIssue } from '../errors.js';
import { RESTRICTIONS, type Applicability, type Footprint, type Restriction, type TimePeriod, type Volume, type Zone, type ZoneAuthority } from '../types.js';
import { ellipsoidalToAmsl } from './ellipsoidal.js';
import { DEFAULT_SCHEDULE_TZ, defaultLateralBufferM, inferCategories, readLimits, readReasons, readTimePeriod } from './common.js';
import { dropDuplicates, importEd269, type ImportOptions, type ImportResult } from './ed269-import.js';
import { checkSwap, outerRingFirst, readPosition, readRing } from './geometry-checks.js';
import { FeatureIssues, isObj } from './issues.js';

/** ED-318 multilingual text: a string, `{text, lang}` or a list of those → first text. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(text).find((t) => t !== undefined);
  if (isObj(v) && typeof v.text === 'string') return v.text;
  return undefined;
}

const TYPE_TO_RESTRICTION: Readonly<Record<string, Restriction>> = {
  PROHIBITED: 'PROHIBITED', REQ_AUTHORIZATION: 'REQ_AUTHORISATION', REQ_AUTHORISATION: 'REQ_AUTHORISATION',
  CONDITIONAL: 'CONDITIONAL', NO_RESTRICTION: 'NO_RESTRICTION', USPACE: 'REQ_AUTHORISATION',
};

function readGeometry(g: unknown, base: string, is: FeatureIssues, out: Volume[]): void {
  if (!isObj(g)) {
    is.error('GEOMETRY_EMPTY', base, 'a GeoJSON geometry is required');
    return;
  }
  if (g.type === 'GeometryCollection') {
    if (!Array.isArray(g.geometries) || g.geometries.length === 0) is.error('GEOMETRY_EMPTY', `${base}.geometries`, 'empty GeometryCollection');
    else g.geometries.forEach((x, i) => readGeometry(x, `${base}.geometries[${i}]`, is, out));
    return;
  }
  const footprints: Footprint[] = [];
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const polys = g.type === 'Polygon' ? [g.coordinates] : Array.isArray(g.coordinates) ? g.coordinates : undefined;
    if (!Array.isArray(polys)) {
      is.error('FIELD_TYPE', `${base}.coordinates`, 'expected polygon coordinates');
      return;
    }
    polys.forEach((p, pi) => {
      const f = g.type === 'Polygon' ? `${base}.coordinates` : `${base}.coordinates[${pi}]`;
      if (!Array.isArray(p) || p.length === 0) {
        is.error('FIELD_TYPE', f, 'expected a list of rings');
        return;
      }
      const rings = p.map((r, i) => readRing(r, `${f}[${i}]`, is));
      if (rings.every((r) => r !== undefined)) footprints.push({ kind: 'polygon', rings: outerRingFirst(rings as LonLat[][], f, is) });
    });
  } else if (g.type === 'Point') {
    const c = readPosition(g.coordinates, `${base}.coordinates`, is);
    const ext = g.extent;
    if (!isObj(ext) || ext.subType !== 'Circle') {
      is.error('GEOMETRY_UNSUPPORTED', `${base}.extent`, 'a Point zone needs extent {subType: "Circle", radius}');
      return;
    }
    const r = ext.radius;
    if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0) {
      is.error('RADIUS_INVALID', `${base}.extent.radius`, `radius must be a positive number of metres, got ${JSON.stringify(r)}`);
      return;
    }
    if (c) footprints.push({ kind: 'circle', center: c, radiusM: r });
  } else {
    is.error('GEOMETRY_UNSUPPORTED', `${base}.type`, `geometry type ${JSON.stringify(g.type)} cannot bound a zone; use Polygon, MultiPolygon or Point with a Circle extent`);
    return;
  }
  const layer = g.layer;
  let lim: ReturnType<typeof readLimits>;
  if (!isObj(layer)) {
    is.warn('FIELD_MISSING', `${base}.layer`, 'no vertical layer; assuming surface to unlimited');
    lim = { lower: { heightM: 0, ref: 'AGL' }, upper: null, uom: 'M' };
  } else {
    lim = readLimits(layer.lower, layer.lowerReference, layer.upper, layer.upperReference, layer.uom, `${base}.layer`, is, {
      lower: 'lower', lowerRef: 'lowerReference', upper: 'upper', upperRef: 'upperReference', uom: 'uom',
    });
  }
  if (!lim) return;
  for (const f of footprints) out.push({ footprint: f, lower: lim.lower, upper: lim.upper, sourceUom: lim.uom });
}

function readFeature(raw: unknown, is: FeatureIssues, opts: ImportOptions): Zone | undefined {
  if (!isObj(raw) || !isObj(raw.properties)) {
    is.error('FEATURE_NOT_OBJECT', '(feature)', 'expected a GeoJSON Feature with properties');
    return undefined;
  }
  const p = raw.properties;
  const id = p.identifier;
  if (typeof id !== 'string' || id.length === 0) is.error('FIELD_MISSING', 'properties.identifier', 'identifier (≤ 7 characters) is required');
  else {
    is.featureId = id;
    if (id.length > 7) is.error('IDENTIFIER_TOO_LONG', 'properties.identifier', `"${id}" has ${id.length} characters; ED-318 allows 7`);
  }
  const country = typeof p.country === 'string' ? p.country.toUpperCase() : '';
  if (p.country === undefined) is.error('FIELD_MISSING', 'properties.country', 'country (ISO 3166-1 alpha-3) is required');
  else if (!/^[A-Z]{3}$/.test(country)) is.warn('COUNTRY_INVALID', 'properties.country', `${JSON.stringify(p.country)} is not a 3-letter code`);
  // ED-318 puts the restriction in `type`; ED-269-flavoured GeoJSON (e.g. Estonia) in `restriction`.
  const rawType = typeof p.type === 'string' && TYPE_TO_RESTRICTION[p.type] ? p.type : (p.restriction ?? p.type);
  const restriction = typeof rawType === 'string' ? TYPE_TO_RESTRICTION[rawType] : undefined;
  if (rawType === undefined) is.error('FIELD_MISSING', 'properties.type', `zone type is required: USPACE, PROHIBITED, REQ_AUTHORIZATION, CONDITIONAL, NO_RESTRICTION`);
  else if (!restriction) is.error('ENUM_UNKNOWN', 'properties.type', `unknown zone type ${JSON.stringify(rawType)}; expected ${[...RESTRICTIONS, 'USPACE'].join(', ')}`);
  const variantRaw = p.variant ?? (p.type === 'COMMON' || p.type === 'CUSTOMIZED' ? p.type : undefined);
  const type = variantRaw === 'CUSTOMIZED' ? 'CUSTOMIZED' : 'COMMON';
  if (variantRaw !== undefined && variantRaw !== 'COMMON' && variantRaw !== 'CUSTOMIZED') is.warn('ENUM_UNKNOWN', 'properties.variant', `expected COMMON or CUSTOMIZED, got ${JSON.stringify(variantRaw)}`);
  const name = text(p.name) ?? '';
  const message = text(p.message);
  const otherReasonInfo = text(p.otherReasonInfo);
  const { reasons } = readReasons(p.reason, 'properties.reason', is);
  const rc = p.restrictionConditions;
  const restrictionConditions = typeof rc === 'string' ? [rc] : Array.isArray(rc) ? rc.filter((x): x is string => typeof x === 'string') : [];
  if (p.type === 'USPACE') restrictionConditions.push('U-space airspace: U-space services required');
  const tz = opts.defaultTimeZone ?? DEFAULT_SCHEDULE_TZ;
  let applicability: Applicability | undefined = { permanent: true, periods: [] };
  const la = p.limitedApplicability ?? p.applicability;
  if (Array.isArray(la) && la.length > 0) {
    const periods: TimePeriod[] = [];
    for (const [i, a] of la.entries()) {
      if (!isObj(a)) {
        is.error('FIELD_TYPE', `properties.limitedApplicability[${i}]`, 'expected a time period object');
        applicability = undefined;
        break;
      }
      const tp = readTimePeriod(a, `properties.limitedApplicability[${i}]`, is, tz, 'schedule');
      if (tp === false) {
        applicability = undefined;
        break;
      }
      if (a.permanent === 'YES') periods.length = 0;
      periods.push(tp);
    }
    if (applicability) applicability = periods.some((q) => !q.start && !q.end && !q.schedule) ? { permanent: true, periods: [] } : { permanent: false, periods };
  }
  const authorities: ZoneAuthority[] = Array.isArray(p.zoneAuthority)
    ? p.zoneAuthority.filter(isObj).map((a) => {
        const o: Record<string, string> = {};
        for (const [k, key] of [['name', 'name'], ['service', 'service'], ['email', 'email'], ['contactName', 'contactName'], ['siteURL', 'siteUrl'], ['phone', 'phone'], ['intervalBefore', 'intervalBefore'], ['purpose', 'purpose']] as const) {
          const t = text(a[k]);
          if (t !== undefined) o[key] = t;
        }
        return o as ZoneAuthority;
      })
    : [];
  if (!Array.isArray(p.zoneAuthority)) is.warn('FIELD_MISSING', 'properties.zoneAuthority', 'no zone authority given');
  const volumes: Volume[] = [];
  readGeometry(raw.geometry, 'geometry', is, volumes);
  if (opts.geoidAt) volumes.splice(0, volumes.length, ...volumes.map((v, i) => ellipsoidalToAmsl(v, opts.geoidAt!, is, `geometry[${i}]`)));
  if (volumes.length > 0) {
    checkSwap(volumes.flatMap((v) => (v.footprint.kind === 'circle' ? [v.footprint.center] : v.footprint.kind === 'polygon' ? v.footprint.rings.flat() : [])), country, 'geometry', is);
  } else if (!is.failed) is.error('GEOMETRY_EMPTY', 'geometry', 'at least one zone volume is required');
  if (is.failed || !applicability || !restriction) return undefined;
  const categories = inferCategories({ country, name, restrictionConditions, otherReasonInfo, type, restriction, reasons });
  return {
    id: id as string, country, name, categories, restriction, reasons,
    ...(otherReasonInfo !== undefined ? { otherReasonInfo } : {}),
    restrictionConditions, type,
    ...(typeof p.region === 'number' ? { region: p.region } : {}),
    ...(p.regulationExemption === 'YES' || p.regulationExemption === 'NO' ? { regulationExemption: p.regulationExemption } : {}),
    ...(message !== undefined ? { message } : {}),
    lateralBufferM: defaultLateralBufferM(categories),
    volumes, applicability, authorities,
    ...(isObj(p.extendedProperties) ? { extendedProperties: p.extendedProperties } : {}),
  };
}

/**
 * Imports an ED-318 (GeoJSON FeatureCollection) document: restriction from `type` (REQ_AUTHORIZATION
 * with Z; USPACE kept as REQ_AUTHORISATION with a condition), `variant` → COMMON/CUSTOMIZED,
 * multilingual texts (first entry), `limitedApplicability` (absent = permanent), vertical `layer`
 * on each geometry, circles as Point + `extent`. Also reads GeoJSON carrying ED-269 field names.
 * @example
 * const { zones, issues } = importEd318(JSON.parse(text));
 */
export function importEd318(doc: unknown, options: ImportOptions = {}): ImportResult {
  if (!isObj(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new AirspaceError('ED318_SHAPE_UNKNOWN', 'not an ED-318 document: expected a GeoJSON FeatureCollection with a "features" array');
  }
  const issues: ValidationIssue[] = [];
  const ok: Array<{ zone: Zone; index: number }> = [];
  doc.features.forEach((raw: unknown, i: number) => {
    const z = readFeature(raw, new FeatureIssues(issues, i), options);
    if (z) ok.push({ zone: z, index: i });
  });
  const zones = dropDuplicates(ok, issues);
  const md = isObj(doc.metadata) ? doc.metadata : {};
  const title = typeof doc.title === 'string' ? doc.title : typeof doc.name === 'string' ? doc.name : undefined;
  const description = text(md.description);
  const createdAt = typeof md.issued === 'string' ? md.issued : undefined;
  return {
    zones, issues, rejected: doc.features.length - zones.length,
    meta: { format: 'ED-318', ...(title ? { title } : {}), ...(description ? { description } : {}), ...(createdAt ? { createdAt } : {}) },
  };
}

/**
 * Imports either format, detected from the document's shape.
 * @example
 * const { zones, meta } = importAirspace(JSON.parse(text)); // meta.format → 'ED-269' | 'ED-318'
 */
export function importAirspace(doc: unknown, options: ImportOptions = {}): ImportResult {
  if (isObj(doc) && doc.type === 'FeatureCollection') return importEd318(doc, options);
  return importEd269(doc, options);
}
