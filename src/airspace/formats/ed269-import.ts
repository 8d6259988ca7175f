import type { LonLat } from '../../geo/types.js';
import { AirspaceError, type ValidationIssue } from '../errors.js';
import { RESTRICTIONS, type Applicability, type Footprint, type LegalCategory, type Restriction, type TimePeriod, type Volume, type Zone, type ZoneAuthority } from '../types.js';
import {
  DEFAULT_SCHEDULE_TZ, defaultLateralBufferM, inferCategories, isCategory, readLimits, readOptString, readReasons, readTimePeriod,
} from './common.js';
import { checkSwap, outerRingFirst, readPosition, readRing } from './geometry-checks.js';
import { FeatureIssues, isObj } from './issues.js';
import { ellipsoidalToAmsl, type GeoidAt } from './ellipsoidal.js';

/** Result of an import: the valid zones, every issue found, and document metadata. */
export interface ImportResult {
  readonly zones: Zone[];
  readonly issues: ValidationIssue[];
  /** Number of features rejected (each has at least one `error` issue). */
  readonly rejected: number;
  readonly meta: {
    readonly format: 'ED-269' | 'ED-318';
    readonly title?: string;
    readonly description?: string;
    readonly formatVersion?: string;
    readonly createdAt?: string;
  };
}

/** Import options. */
export interface ImportOptions {
  /** Time zone of schedule times written without `Z`/offset. Default Europe/Berlin. */
  readonly defaultTimeZone?: string;
  /** The geoid undulation at a position: WGS84 (ellipsoidal) limits are read as AMSL with it (without it they stay WGS84). */
  readonly geoidAt?: GeoidAt;
}

/** Our extension, stored under `extendedProperties.elbflug` (written by {@link exportEd269}). */
export interface ElbflugExtension {
  categories?: LegalCategory[];
  lateralBufferM?: number;
  corridors?: Array<{ geometryIndices: number[]; centreline: LonLat[]; halfWidthM: number }>;
  timeZone?: string;
}

export const EXTENSION_KEY = 'elbflug';

function readExtension(ep: unknown, is: FeatureIssues): ElbflugExtension {
  if (!isObj(ep) || ep[EXTENSION_KEY] === undefined) return {};
  const e = ep[EXTENSION_KEY];
  const f = `extendedProperties.${EXTENSION_KEY}`;
  if (!isObj(e)) {
    is.warn('EXTENSION_INVALID', f, 'expected an object; ignored');
    return {};
  }
  const out: ElbflugExtension = {};
  if (e.categories !== undefined) {
    if (Array.isArray(e.categories) && e.categories.length > 0 && e.categories.every(isCategory)) out.categories = e.categories;
    else is.warn('EXTENSION_INVALID', `${f}.categories`, 'expected a non-empty list of legal categories; ignored');
  }
  if (e.lateralBufferM !== undefined) {
    if (typeof e.lateralBufferM === 'number' && e.lateralBufferM >= 0) out.lateralBufferM = e.lateralBufferM;
    else is.warn('EXTENSION_INVALID', `${f}.lateralBufferM`, 'expected a number ≥ 0; ignored');
  }
  if (typeof e.timeZone === 'string') out.timeZone = e.timeZone;
  if (e.corridors !== undefined) {
    const ok = Array.isArray(e.corridors) && e.corridors.every((c) => isObj(c) && Array.isArray(c.geometryIndices) && Array.isArray(c.centreline) && c.centreline.length >= 2 && typeof c.halfWidthM === 'number' && c.halfWidthM > 0);
    if (ok) {
      const corridors: NonNullable<ElbflugExtension['corridors']> = [];
      (e.corridors as Array<Record<string, unknown>>).forEach((c, i) => {
        const pts = (c.centreline as unknown[]).map((p, j) => readPosition(p, `${f}.corridors[${i}].centreline[${j}]`, is));
        if (pts.every((p) => p !== undefined)) corridors.push({ geometryIndices: c.geometryIndices as number[], centreline: pts as LonLat[], halfWidthM: c.halfWidthM as number });
      });
      out.corridors = corridors;
    } else is.warn('EXTENSION_INVALID', `${f}.corridors`, 'expected [{geometryIndices, centreline, halfWidthM}]; corridors ignored, the rectangles are used');
  }
  return out;
}

function readProjection(hp: unknown, base: string, is: FeatureIssues): Footprint | undefined {
  if (!isObj(hp)) {
    is.error('FIELD_MISSING', base, 'horizontalProjection missing; expected {type: "Polygon"|"Circle", …}');
    return undefined;
  }
  if (hp.type === 'Circle') {
    const center = readPosition(hp.center, `${base}.center`, is);
    const r = hp.radius;
    if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0) {
      is.error('RADIUS_INVALID', `${base}.radius`, `radius must be a positive number of metres, got ${JSON.stringify(r)}`);
      return undefined;
    }
    return center ? { kind: 'circle', center, radiusM: r } : undefined;
  }
  if (hp.type === 'Polygon') {
    if (!Array.isArray(hp.coordinates) || hp.coordinates.length === 0) {
      is.error('FIELD_TYPE', `${base}.coordinates`, 'expected [[ [lon, lat], … ]] (a list of rings)');
      return undefined;
    }
    const rings = hp.coordinates.map((r, i) => readRing(r, `${base}.coordinates[${i}]`, is));
    return rings.every((r) => r !== undefined) ? { kind: 'polygon', rings: outerRingFirst(rings as LonLat[][], `${base}.coordinates`, is) } : undefined;
  }
  is.error(hp.type === undefined ? 'FIELD_MISSING' : 'ENUM_UNKNOWN', `${base}.type`, `unknown projection type ${JSON.stringify(hp.type)}; expected Polygon or Circle`);
  return undefined;
}

function footprintPoints(f: Footprint): LonLat[] {
  return f.kind === 'circle' ? [f.center] : f.kind === 'corridor' ? [...f.centreline] : f.rings.flat();
}

function readAuthorities(v: unknown, is: FeatureIssues): ZoneAuthority[] {
  if (v === undefined || v === null) {
    is.warn('FIELD_MISSING', 'zoneAuthority', 'no zone authority given; pilots will not know whom to ask');
    return [];
  }
  if (!Array.isArray(v)) {
    is.warn('FIELD_TYPE', 'zoneAuthority', 'expected a list; ignored');
    return [];
  }
  return v.filter(isObj).map((a, i) => {
    const s = (k: string): string | undefined => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
    const purpose = s('purpose');
    if (purpose !== undefined && !['AUTHORIZATION', 'NOTIFICATION', 'INFORMATION'].includes(purpose)) {
      is.warn('ENUM_UNKNOWN', `zoneAuthority[${i}].purpose`, `unknown purpose ${JSON.stringify(purpose)}; expected AUTHORIZATION, NOTIFICATION or INFORMATION`);
    }
    const out: Record<string, string> = {};
    for (const [k, key] of [['name', 'name'], ['service', 'service'], ['email', 'email'], ['contactName', 'contactName'], ['siteURL', 'siteUrl'], ['phone', 'phone'], ['intervalBefore', 'intervalBefore']] as const) {
      const val = s(k);
      if (val !== undefined) out[key] = val;
    }
    if (purpose && ['AUTHORIZATION', 'NOTIFICATION', 'INFORMATION'].includes(purpose)) out.purpose = purpose;
    return out as ZoneAuthority;
  });
}

function readApplicability(v: unknown, is: FeatureIssues, tz: string): Applicability | undefined {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
    is.warn('FIELD_MISSING', 'applicability', 'no applicability given; the zone is treated as permanent');
    return { permanent: true, periods: [] };
  }
  const list = Array.isArray(v) ? v : [v];
  let permanent = false;
  const periods: TimePeriod[] = [];
  for (const [i, a] of list.entries()) {
    const f = `applicability[${i}]`;
    if (!isObj(a)) {
      is.error('FIELD_TYPE', f, 'expected an object {permanent, startDateTime, endDateTime, schedule}');
      return undefined;
    }
    if (a.permanent !== undefined && a.permanent !== 'YES' && a.permanent !== 'NO') {
      is.error('ENUM_UNKNOWN', `${f}.permanent`, `expected YES or NO, got ${JSON.stringify(a.permanent)}`);
      return undefined;
    }
    const key = a.schedule !== undefined ? 'schedule' : 'dailyPeriod';
    const p = readTimePeriod(a, f, is, tz, key);
    if (p === false) return undefined;
    if (a.permanent === 'YES') permanent = true;
    else if (p.start || p.end || p.schedule) periods.push(p);
    else {
      is.warn('FIELD_MISSING', f, 'not permanent but no start, end or schedule; treated as permanent');
      permanent = true;
    }
  }
  return { permanent, periods: permanent ? [] : periods };
}

/**
 * Reads one ED-269 UASZoneVersion. Returns undefined (and records errors) when the feature is
 * unusable; warnings keep it.
 */
export function readEd269Feature(raw: unknown, is: FeatureIssues, opts: ImportOptions): Zone | undefined {
  if (!isObj(raw)) {
    is.error('FEATURE_NOT_OBJECT', '(feature)', 'expected a UASZoneVersion object');
    return undefined;
  }
  const id = raw.identifier;
  if (typeof id !== 'string' || id.length === 0) {
    is.error('FIELD_MISSING', 'identifier', 'identifier (≤ 7 characters) is required');
  } else {
    is.featureId = id;
    if (id.length > 7) is.error('IDENTIFIER_TOO_LONG', 'identifier', `"${id}" has ${id.length} characters; ED-269 allows 7`);
  }
  let country = typeof raw.country === 'string' ? raw.country : '';
  if (raw.country === undefined) is.error('FIELD_MISSING', 'country', 'country (ISO 3166-1 alpha-3, e.g. "DEU") is required');
  else if (!/^[A-Z]{3}$/.test(country)) is.warn('COUNTRY_INVALID', 'country', `${JSON.stringify(raw.country)} is not a 3-letter ISO 3166-1 alpha-3 code`);
  country = country.toUpperCase();
  const restriction = raw.restriction === 'REQ_AUTHORIZATION' ? 'REQ_AUTHORISATION' : raw.restriction;
  if (restriction === undefined) is.error('FIELD_MISSING', 'restriction', `restriction is required: ${RESTRICTIONS.join(', ')}`);
  else if (!(RESTRICTIONS as readonly unknown[]).includes(restriction)) {
    is.error('ENUM_UNKNOWN', 'restriction', `unknown restriction ${JSON.stringify(raw.restriction)}; expected ${RESTRICTIONS.join(', ')}`);
  }
  let type: 'COMMON' | 'CUSTOMIZED' = 'COMMON';
  if (raw.type === 'CUSTOMIZED' || raw.type === 'COMMON') type = raw.type;
  else is.warn(raw.type === undefined ? 'FIELD_MISSING' : 'ENUM_UNKNOWN', 'type', `expected COMMON or CUSTOMIZED, got ${JSON.stringify(raw.type)}; using COMMON`);
  const name = readOptString(raw.name, 'name', is, 200) ?? '';
  const message = readOptString(raw.message, 'message', is, 200);
  const otherReasonInfo = readOptString(raw.otherReasonInfo, 'otherReasonInfo', is, 30);
  const { reasons } = readReasons(raw.reason, 'reason', is);
  const rc = raw.restrictionConditions;
  const restrictionConditions = typeof rc === 'string' ? [rc] : Array.isArray(rc) ? rc.filter((x): x is string => typeof x === 'string') : [];
  let regulationExemption: 'YES' | 'NO' | undefined;
  if (raw.regulationExemption === 'YES' || raw.regulationExemption === 'NO') regulationExemption = raw.regulationExemption;
  else if (raw.regulationExemption !== undefined && raw.regulationExemption !== null) is.warn('ENUM_UNKNOWN', 'regulationExemption', `expected YES or NO, got ${JSON.stringify(raw.regulationExemption)}; ignored`);
  const ext = readExtension(raw.extendedProperties, is);
  const applicability = readApplicability(raw.applicability, is, ext.timeZone ?? opts.defaultTimeZone ?? DEFAULT_SCHEDULE_TZ);
  const authorities = readAuthorities(raw.zoneAuthority, is);

  // geometry
  const geo = raw.geometry;
  const volumes: Volume[] = [];
  if (!Array.isArray(geo) || geo.length === 0) {
    is.error('GEOMETRY_EMPTY', 'geometry', 'at least one airspace volume is required');
  } else {
    const waterway = (ext.categories ?? inferCategories({ country, name, restrictionConditions, otherReasonInfo, type, restriction: String(restriction), reasons })).includes('WATERWAY');
    const corridorOf = new Map<number, number>();
    (ext.corridors ?? []).forEach((c, ci) => c.geometryIndices.forEach((gi) => corridorOf.set(gi, ci)));
    const done = new Set<number>();
    geo.forEach((g, i) => {
      const base = `geometry[${i}]`;
      if (!isObj(g)) {
        is.error('FIELD_TYPE', base, 'expected an airspace volume object');
        return;
      }
      const lim = readLimits(g.lowerLimit, g.lowerVerticalReference, g.upperLimit, g.upperVerticalReference, g.uomDimensions, base, is, {
        lower: 'lowerLimit', lowerRef: 'lowerVerticalReference', upper: 'upperLimit', upperRef: 'upperVerticalReference', uom: 'uomDimensions',
      });
      const fp = readProjection(g.horizontalProjection, `${base}.horizontalProjection`, is);
      if (!lim || !fp) return;
      const ci = corridorOf.get(i);
      // a waterway is judged by its published polygons (crossings come from their banks): the hint cannot replace them
      if (ci !== undefined && !waterway) {
        if (done.has(ci)) return;
        done.add(ci);
        const c = ext.corridors![ci]!;
        volumes.push({ footprint: { kind: 'corridor', centreline: c.centreline, halfWidthM: c.halfWidthM }, lower: lim.lower, upper: lim.upper, sourceUom: lim.uom });
        return;
      }
      volumes.push({ footprint: fp, lower: lim.lower, upper: lim.upper, sourceUom: lim.uom });
    });
    checkSwap(volumes.flatMap((v) => footprintPoints(v.footprint)), country, 'geometry', is);
    if (opts.geoidAt) volumes.splice(0, volumes.length, ...volumes.map((v, i) => ellipsoidalToAmsl(v, opts.geoidAt!, is, `geometry[${i}]`)));
  }
  if (is.failed || !applicability) return undefined;
  const categories = ext.categories ?? inferCategories({ country, name, restrictionConditions, otherReasonInfo, type, restriction: String(restriction), reasons });
  const extendedProperties = isObj(raw.extendedProperties)
    ? Object.fromEntries(Object.entries(raw.extendedProperties).filter(([k]) => k !== EXTENSION_KEY))
    : undefined;
  return {
    id: id as string, country, name, categories, restriction: restriction as Restriction, reasons,
    ...(otherReasonInfo !== undefined ? { otherReasonInfo } : {}),
    restrictionConditions, type,
    ...(typeof raw.region === 'number' ? { region: raw.region } : {}),
    ...(regulationExemption ? { regulationExemption } : {}),
    ...(typeof raw.uSpaceClass === 'string' || Array.isArray(raw.uSpaceClass) ? { uSpaceClass: raw.uSpaceClass as string | string[] } : {}),
    ...(message !== undefined ? { message } : {}),
    lateralBufferM: ext.lateralBufferM ?? defaultLateralBufferM(categories),
    volumes, applicability, authorities,
    ...(extendedProperties && Object.keys(extendedProperties).length > 0 ? { extendedProperties } : {}),
  };
}

/** Adds IDENTIFIER_DUPLICATE errors and drops later duplicates. */
export function dropDuplicates(zones: Array<{ zone: Zone; index: number }>, issues: ValidationIssue[]): Zone[] {
  const seen = new Set<string>();
  const out: Zone[] = [];
  for (const { zone, index } of zones) {
    if (seen.has(zone.id)) {
      issues.push({ severity: 'error', code: 'IDENTIFIER_DUPLICATE', featureIndex: index, featureId: zone.id, field: 'identifier', message: `feature ${index} (${zone.id}), identifier: "${zone.id}" was already used by an earlier feature; this one is skipped — give it its own identifier` });
      continue;
    }
    seen.add(zone.id);
    out.push(zone);
  }
  return out;
}

/**
 * Imports an ED-269 document in either published shape — `{title, description, features:[…]}` or
 * `{formatVersion, createdAt, UASZoneList:[…]}` — tolerating the known quirks (limits as strings,
 * `null`/99999 for unlimited, FT, `dailyPeriod` for `schedule`, a single string for
 * `restrictionConditions`, REQ_AUTHORIZATION). Bad features are reported and skipped; the rest load.
 * Throws ED269_SHAPE_UNKNOWN only when the document itself is not ED-269.
 * @example
 * const { zones, issues } = importEd269(JSON.parse(text));
 * issues.filter((i) => i.severity === 'error').forEach((i) => console.warn(i.message));
 */
export function importEd269(doc: unknown, options: ImportOptions = {}): ImportResult {
  const list = isObj(doc) ? (Array.isArray(doc.features) ? doc.features : Array.isArray(doc.UASZoneList) ? doc.UASZoneList : undefined) : Array.isArray(doc) ? doc : undefined;
  if (!list) {
    throw new AirspaceError('ED269_SHAPE_UNKNOWN', 'not an ED-269 document: expected an object with a "features" or "UASZoneList" array; check the file is ED-269 JSON (ED-318 files are FeatureCollections: use importEd318)');
  }
  const issues: ValidationIssue[] = [];
  const ok: Array<{ zone: Zone; index: number }> = [];
  list.forEach((raw: unknown, i: number) => {
    const is = new FeatureIssues(issues, i);
    const z = readEd269Feature(raw, is, options);
    if (z) ok.push({ zone: z, index: i });
  });
  const zones = dropDuplicates(ok, issues);
  const d = isObj(doc) ? doc : {};
  const str = (k: string): string | undefined => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  return {
    zones, issues, rejected: list.length - zones.length,
    meta: {
      format: 'ED-269',
      ...(str('title') !== undefined ? { title: str('title') } : {}),
      ...(str('description') !== undefined ? { description: str('description') } : {}),
      ...(str('formatVersion') !== undefined ? { formatVersion: str('formatVersion') } : {}),
      ...(str('createdAt') !== undefined ? { createdAt: str('createdAt') } : {}),
    },
  };
}
