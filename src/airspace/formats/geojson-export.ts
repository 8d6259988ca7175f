import { buffer } from '@turf/buffer';
import { lineString } from '@turf/helpers';
import { createLocalFrame } from '../../geo/local-frame.js';
import { toGeodetic } from '../../geo/to-geodetic.js';
import type { LonLat } from '../../geo/types.js';
import type { Footprint, Restriction, Zone } from '../types.js';

/** Fill colours per restriction (simplestyle-spec), for the web map. */
export const RESTRICTION_COLOURS: Readonly<Record<Restriction, string>> = {
  PROHIBITED: '#d7191c',
  REQ_AUTHORISATION: '#fdae61',
  CONDITIONAL: '#ffffbf',
  NO_RESTRICTION: '#abd9e9',
};

export interface GeoJsonExportOptions {
  /** Vertices used for circles (default 64). */
  readonly circleSteps?: number;
}

type Polygonal = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

const r7 = (x: number): number => Math.round(x * 1e7) / 1e7;

/**
 * The outline of a footprint as a GeoJSON polygon (circles as regular polygons circumscribing the circle).
 * @example
 * footprintToGeometry({ kind: 'circle', center: [9.9767, 53.5914], radiusM: 450 }).type; // → 'Polygon'
 */
export function footprintToGeometry(f: Footprint, circleSteps = 64): Polygonal {
  if (f.kind === 'polygon') return { type: 'Polygon', coordinates: f.rings.map((r) => r.map((p) => [p[0], p[1]])) };
  if (f.kind === 'circle') {
    const frame = createLocalFrame({ lon: f.center[0], lat: f.center[1] });
    // circumscribed polygon so the outline never cuts into the zone
    const rr = f.radiusM / Math.cos(Math.PI / circleSteps);
    const ring: number[][] = [];
    for (let i = 0; i < circleSteps; i++) {
      const a = (2 * Math.PI * i) / circleSteps;
      const g = toGeodetic(frame, { eastM: rr * Math.sin(a), northM: rr * Math.cos(a) });
      ring.push([r7(g.lon), r7(g.lat)]);
    }
    ring.push(ring[0]!);
    return { type: 'Polygon', coordinates: [ring] };
  }
  const line = lineString(f.centreline.map((p: LonLat) => [p[0], p[1]]));
  const b = buffer(line, f.halfWidthM, { units: 'meters', steps: 16 });
  return (b?.geometry ?? { type: 'Polygon', coordinates: [] }) as Polygonal;
}

/**
 * Exports zones as a plain GeoJSON FeatureCollection for the map: one Feature per volume, with
 * the zone's id, name, restriction, categories and limits as properties and a fill colour.
 * @example
 * const fc = exportGeoJson(zones);
 * fc.features[0].properties.zoneId; // → 'HHA01'
 */
export function exportGeoJson(zones: readonly Zone[], options: GeoJsonExportOptions = {}): {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id: string; geometry: Polygonal; properties: Record<string, unknown> }>;
} {
  const features = zones.flatMap((z) =>
    z.volumes.map((v, i) => ({
      type: 'Feature' as const,
      id: `${z.id}/${i}`,
      geometry: footprintToGeometry(v.footprint, options.circleSteps),
      properties: {
        zoneId: z.id,
        volumeIndex: i,
        name: z.name,
        restriction: z.restriction,
        categories: [...z.categories],
        reasons: [...z.reasons],
        lowerM: v.lower.heightM,
        lowerRef: v.lower.ref,
        upperM: v.upper?.heightM ?? null,
        upperRef: v.upper?.ref ?? null,
        permanent: z.applicability.permanent,
        ...(z.message !== undefined ? { message: z.message } : {}),
        footprint: v.footprint.kind,
        fill: RESTRICTION_COLOURS[z.restriction],
        'fill-opacity': 0.35,
        stroke: RESTRICTION_COLOURS[z.restriction],
      },
    })),
  );
  return { type: 'FeatureCollection', features };
}
