/** /api/airspace: the zones as GeoJSON for the map, optionally only those active at a time, with the rules engine's verdict for a profile. */
import { z } from 'zod';
import { evaluateZone } from '../airspace/evaluate-zone.js';
import { exportGeoJson } from '../airspace/formats/geojson-export.js';
import { isActiveAt } from '../airspace/is-active-at.js';
import type { OperationProfile } from '../airspace/profile.js';
import type { Zone } from '../airspace/types.js';
import { route, type RouteDef } from './routes.js';

const Query = z.strictObject({
  /** ISO 8601 instant; default now. */
  at: z.iso.datetime({ offset: true }).optional(),
  /** "true": also list zones not active at `at` (marked active: false). */
  all: z.enum(['true', 'false']).optional(),
});

export interface AirspaceSource {
  zones(): readonly Zone[];
  profile(): OperationProfile;
}

export function airspaceRoutes(source: AirspaceSource): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/airspace',
      permission: 'read',
      tag: 'airspace',
      summary: 'Zones as GeoJSON (one feature per volume) with restriction, limits, activity at `at` and the rules engine verdict for the operation profile',
      query: Query,
      handler: ({ query }) => {
        const at = query.at ?? new Date().toISOString();
        const zones = source.zones().filter((z) => query.all === 'true' || isActiveAt(z.applicability, at));
        const fc = exportGeoJson(zones);
        const byId = new Map(zones.map((z) => [z.id, z]));
        for (const f of fc.features) {
          const zone = byId.get(String(f.properties.zoneId));
          if (!zone) continue;
          const v = evaluateZone(zone, { ...source.profile(), departureTime: at }, { at });
          f.properties.active = isActiveAt(zone.applicability, at);
          f.properties.verdict = v.kind;
          f.properties.ruleId = v.decisions[0]?.ruleId;
          f.properties.explanation = v.decisions[0]?.sentence;
        }
        return { ...fc, at };
      },
    }),
  ];
}
