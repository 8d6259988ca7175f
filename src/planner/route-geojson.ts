/** GeoJSON of a route: a LineString feature (properties.kind = "route", [lon, lat, heightAglM]) and the delivery point. */
import type { Leg } from './types.js';

/**
 * GeoJSON FeatureCollection for legs.
 * @example
 * routeGeoJson(legs, 3, { distanceM: 1500 }).features[0].properties.kind; // → 'route'
 */
export function routeGeoJson(legs: readonly Leg[], deliveryLegIndex: number, props: Record<string, unknown>): GeoJSON.FeatureCollection {
  const coords: number[][] = [];
  const add = (p: { lat: number; lon: number; altAglM: number }): void => {
    const last = coords[coords.length - 1];
    const c = [Math.round(p.lon * 1e7) / 1e7, Math.round(p.lat * 1e7) / 1e7, Math.round(p.altAglM * 100) / 100];
    if (last && last[0] === c[0] && last[1] === c[1] && last[2] === c[2]) return;
    coords.push(c);
  };
  if (legs[0]) add(legs[0].from);
  for (const l of legs) add(l.to);
  const d = legs[deliveryLegIndex]?.to;
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { kind: 'route', ...props }, geometry: { type: 'LineString', coordinates: coords } },
      ...(d ? [{ type: 'Feature' as const, properties: { kind: 'delivery' }, geometry: { type: 'Point' as const, coordinates: [d.lon, d.lat, d.altAglM] } }] : []),
    ],
  };
}
