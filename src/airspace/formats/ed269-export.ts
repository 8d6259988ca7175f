import { createLocalFrame } from '../../geo/local-frame.js';
import { toGeodetic } from '../../geo/to-geodetic.js';
import { toLocalXY } from '../../geo/to-local.js';
import type { LonLat } from '../../geo/types.js';
import { DEFAULT_TIME_ZONE } from '../local-time.js';
import type { DailyPeriod, HeightLimit, Volume, Zone } from '../types.js';
import { defaultLateralBufferM, FT_TO_M, inferCategories, UNLIMITED_SENTINEL } from './common.js';
import { EXTENSION_KEY, type ElbflugExtension } from './ed269-import.js';

/** Export options. */
export interface Ed269ExportOptions {
  readonly title?: string;
  readonly description?: string;
  /** `features` (default) or the CHE `UASZoneList` wrapper. */
  readonly shape?: 'features' | 'UASZoneList';
  /** For the UASZoneList shape. */
  readonly createdAt?: string;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

function limit(l: HeightLimit, uom: 'M' | 'FT'): number {
  return round(uom === 'FT' ? l.heightM / FT_TO_M : l.heightM);
}

/**
 * Splits a corridor into one rectangle per centreline segment, each lengthened by the half-width at
 * both ends so the rectangles cover the round joins (a conservative superset of the corridor).
 * @example
 * corridorRectangles([[10.0, 53.5], [10.01, 53.5]], 100).length; // → 1 rectangle (closed ring of 5 positions)
 */
export function corridorRectangles(centreline: readonly LonLat[], halfWidthM: number): LonLat[][] {
  const out: LonLat[][] = [];
  for (let i = 0; i + 1 < centreline.length; i++) {
    const a = centreline[i]!, b = centreline[i + 1]!;
    const frame = createLocalFrame({ lon: (a[0] + b[0]) / 2, lat: (a[1] + b[1]) / 2 });
    const [ax, ay] = toLocalXY(frame, a[0], a[1]);
    const [bx, by] = toLocalXY(frame, b[0], b[1]);
    const len = Math.hypot(bx - ax, by - ay) || 1;
    const ux = (bx - ax) / len, uy = (by - ay) / len;
    const nx = -uy * halfWidthM, ny = ux * halfWidthM;
    const ex = ux * halfWidthM, ey = uy * halfWidthM;
    const corners: Array<[number, number]> = [
      [ax - ex + nx, ay - ey + ny], [bx + ex + nx, by + ey + ny], [bx + ex - nx, by + ey - ny], [ax - ex - nx, ay - ey - ny],
    ];
    const ring = corners.map(([x, y]) => {
      const g = toGeodetic(frame, { eastM: x, northM: y });
      return [round(g.lon), round(g.lat)] as LonLat;
    });
    ring.push(ring[0]!);
    out.push(ring);
  }
  return out;
}

function time(d: DailyPeriod, t: string): string {
  return d.timeZone === 'UTC' ? `${t}:00.00Z` : t;
}

function volumeJson(v: Volume, projection: unknown): Record<string, unknown> {
  const uom = v.sourceUom ?? 'M';
  return {
    uomDimensions: uom,
    lowerLimit: limit(v.lower, uom),
    lowerVerticalReference: v.lower.ref,
    upperLimit: v.upper ? limit(v.upper, uom) : UNLIMITED_SENTINEL,
    upperVerticalReference: v.upper ? v.upper.ref : v.lower.ref,
    horizontalProjection: projection,
  };
}

/** One zone as an ED-269 UASZoneVersion (with our extension only where ED-269 would lose information). */
export function zoneToEd269(z: Zone): Record<string, unknown> {
  const ext: ElbflugExtension = {};
  const geometry: Array<Record<string, unknown>> = [];
  for (const v of z.volumes) {
    const f = v.footprint;
    if (f.kind === 'circle') geometry.push(volumeJson(v, { type: 'Circle', center: [f.center[0], f.center[1]], radius: f.radiusM }));
    else if (f.kind === 'polygon') geometry.push(volumeJson(v, { type: 'Polygon', coordinates: f.rings.map((r) => r.map((p) => [p[0], p[1]])) }));
    else {
      const rects = corridorRectangles(f.centreline, f.halfWidthM);
      const start = geometry.length;
      for (const r of rects) geometry.push(volumeJson(v, { type: 'Polygon', coordinates: [r.map((p) => [p[0], p[1]])] }));
      (ext.corridors ??= []).push({
        geometryIndices: rects.map((_, i) => start + i),
        centreline: f.centreline.map((p) => [p[0], p[1]] as LonLat),
        halfWidthM: f.halfWidthM,
      });
    }
  }
  const tzs = new Set(z.applicability.periods.flatMap((p) => p.schedule ?? []).map((d) => d.timeZone).filter((t) => t !== 'UTC' && t !== DEFAULT_TIME_ZONE));
  if (tzs.size > 0) ext.timeZone = [...tzs][0]!;
  const inferred = inferCategories({ ...z, restriction: z.restriction });
  if (inferred.join() !== z.categories.join()) ext.categories = [...z.categories];
  if (defaultLateralBufferM(z.categories) !== z.lateralBufferM) ext.lateralBufferM = z.lateralBufferM;
  const applicability = z.applicability.permanent
    ? [{ permanent: 'YES' }]
    : z.applicability.periods.map((p) => ({
        permanent: 'NO',
        ...(p.start ? { startDateTime: p.start } : {}),
        ...(p.end ? { endDateTime: p.end } : {}),
        ...(p.schedule ? { schedule: p.schedule.map((d) => ({ day: [...d.days], startTime: time(d, d.startTime), endTime: time(d, d.endTime) })) } : {}),
      }));
  const extendedProperties = { ...(z.extendedProperties ?? {}), ...(Object.keys(ext).length > 0 ? { [EXTENSION_KEY]: ext } : {}) };
  return {
    identifier: z.id,
    country: z.country,
    name: z.name,
    type: z.type,
    restriction: z.restriction,
    ...(z.restrictionConditions.length > 0 ? { restrictionConditions: [...z.restrictionConditions] } : {}),
    ...(z.region !== undefined ? { region: z.region } : {}),
    ...(z.reasons.length > 0 ? { reason: [...z.reasons] } : {}),
    ...(z.otherReasonInfo !== undefined ? { otherReasonInfo: z.otherReasonInfo } : {}),
    ...(z.regulationExemption !== undefined ? { regulationExemption: z.regulationExemption } : {}),
    ...(z.uSpaceClass !== undefined ? { uSpaceClass: z.uSpaceClass } : {}),
    ...(z.message !== undefined ? { message: z.message } : {}),
    applicability,
    zoneAuthority: z.authorities.map((a) => ({
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.service !== undefined ? { service: a.service } : {}),
      ...(a.email !== undefined ? { email: a.email } : {}),
      ...(a.contactName !== undefined ? { contactName: a.contactName } : {}),
      ...(a.siteUrl !== undefined ? { siteURL: a.siteUrl } : {}),
      ...(a.phone !== undefined ? { phone: a.phone } : {}),
      ...(a.purpose !== undefined ? { purpose: a.purpose } : {}),
      ...(a.intervalBefore !== undefined ? { intervalBefore: a.intervalBefore } : {}),
    })),
    geometry,
    ...(Object.keys(extendedProperties).length > 0 ? { extendedProperties } : {}),
  };
}

/**
 * Exports zones as an ED-269 document. Corridors become per-segment rectangles (lengthened to
 * cover the joins) plus an `extendedProperties.elbflug.corridors` record, so importEd269 restores
 * them exactly; unlimited upper limits are written as 99999.
 * @example
 * const json = exportEd269(zones, { title: 'Hamburg test set' });
 * importEd269(json).zones; // deep-equals zones
 */
export function exportEd269(zones: readonly Zone[], options: Ed269ExportOptions = {}): Record<string, unknown> {
  const features = zones.map(zoneToEd269);
  if (options.shape === 'UASZoneList') {
    return { formatVersion: '1.0.0', createdAt: options.createdAt ?? '1970-01-01T00:00:00Z', UASZoneList: features };
  }
  return {
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    features,
  };
}
