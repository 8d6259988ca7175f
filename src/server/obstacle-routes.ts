/** GET /api/obstacles: the vertical obstacles as GeoJSON for the map (height labels, clearance). */
import { z } from 'zod';
import { isObstacleValidDuring, type Obstacle, type ObstacleClearance } from '../obstacles/types.js';
import { route, type RouteDef } from './routes.js';

const Query = z.strictObject({
  /** ISO 8601 instant; default now. Structures not valid then are left out unless all=true. */
  at: z.iso.datetime({ offset: true }).optional(),
  all: z.enum(['true', 'false']).optional(),
});

export interface ObstacleRouteSource {
  obstacles(): readonly Obstacle[];
  clearance(): ObstacleClearance;
  /** Title of the data set (e.g. "… APPROXIMATE TEST DATA …"). */
  title(): string | undefined;
}

export function obstacleRoutes(source: ObstacleRouteSource): RouteDef[] {
  return [
    route({
      method: 'get', path: '/obstacles', permission: 'read', tag: 'airspace', query: Query,
      summary: 'Vertical obstacles as GeoJSON (Point or LineString with radiusM, or Polygon): id, name, type, top height and reference, lighting, source, validity; the clearance kept around them',
      handler: ({ query }) => {
        const at = query.at ?? new Date().toISOString();
        const t = Date.parse(at);
        const list = source.obstacles().filter((o) => query.all === 'true' || isObstacleValidDuring(o, t, t));
        return {
          type: 'FeatureCollection', at, title: source.title() ?? null, clearance: source.clearance(),
          features: list.map((o) => ({
            type: 'Feature',
            geometry: o.footprint.kind === 'point' ? { type: 'Point', coordinates: [o.footprint.lon, o.footprint.lat] }
              : o.footprint.kind === 'line' ? { type: 'LineString', coordinates: o.footprint.path } : { type: 'Polygon', coordinates: [o.footprint.ring] },
            properties: {
              id: o.id, name: o.name, type: o.type, heightM: o.top.heightM, heightRef: o.top.ref,
              ...(o.footprint.kind !== 'polygon' ? { radiusM: o.footprint.radiusM } : {}),
              lighted: o.lighted ?? null, source: o.source, validFrom: o.validFrom ?? null, validTo: o.validTo ?? null,
              active: isObstacleValidDuring(o, t, t),
            },
          })),
        };
      },
    }),
  ];
}
