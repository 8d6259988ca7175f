/**
 * GeoJSON of a delivery plan for any GIS tool or our map: the route (LineString, `kind: "route"`,
 * `[lon, lat, heightAglM]`), the corridor, the fence shapes (circles as 64-gons with `radiusM`),
 * rally points, home and the mission's flown positions. Pure.
 */
import { circle } from '@turf/circle';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import type { LatLon, Route } from '../planner/types.js';
import type { DeliveryPlan } from './build-plan.js';
import { fromE7, GLOBAL_FRAMES } from './mav.js';

const ring = (pts: readonly LatLon[]): Position[] => [...pts.map((p) => [p.lon, p.lat]), [pts[0]!.lon, pts[0]!.lat]];
const feature = (geometry: Geometry, properties: Record<string, unknown>): Feature => ({ type: 'Feature', properties, geometry });

/**
 * The route as a 3-D LineString feature: `properties.kind = "route"`, coordinates `[lon, lat, heightAglM]`.
 * @example routeFeature(route).geometry.coordinates[0] // → [9.9767, 53.5914, 0]
 */
export function routeFeature(route: Route): Feature {
  const coords: Position[] = [];
  route.legs.forEach((l, i) => {
    if (i === 0) coords.push([l.from.lon, l.from.lat, l.from.altAglM]);
    coords.push([l.to.lon, l.to.lat, l.to.altAglM]);
  });
  return feature({ type: 'LineString', coordinates: coords }, {
    kind: 'route', mode: route.request.mode, distanceM: route.distanceM, durationS: route.durationS, energyWh: route.energyWh,
    reservePct: route.reservePct, legKinds: route.legs.map((l) => l.kind), deliveryLegIndex: route.deliveryLegIndex,
  });
}

/** The positions the mission flies, in order, as `[lon, lat, z]` (z as the item says, relative to home for frames 3/6). */
export function missionFeature(items: readonly MissionItem[]): Feature {
  const coords = items.filter((i) => GLOBAL_FRAMES.has(i.frame) && (i.x !== 0 || i.y !== 0)).map((i) => [fromE7(i.y), fromE7(i.x), i.z]);
  return feature({ type: 'LineString', coordinates: coords }, { kind: 'mission', items: items.length });
}

/**
 * All of a delivery plan as one FeatureCollection (route, corridor, fence, rally, home, mission).
 * @example writeFileSync('plan.geojson', JSON.stringify(planGeoJson(route, plan)))
 */
export function planGeoJson(route: Route, plan: DeliveryPlan): FeatureCollection {
  const features: Feature[] = [routeFeature(route)];
  for (const p of plan.fence.corridor.polygons) {
    features.push(feature({ type: 'Polygon', coordinates: [ring(p.outer), ...p.holes.map(ring)] }, { kind: 'corridor', halfWidthM: plan.fence.corridor.halfWidthM }));
  }
  for (const s of plan.fence.shapes) {
    if (s.kind === 'polygon') features.push(feature({ type: 'Polygon', coordinates: [ring(s.vertices)] }, { kind: 'fence', shape: 'polygon', inclusion: s.inclusion, vertices: s.vertices.length }));
    else features.push({ ...circle([s.center.lon, s.center.lat], s.radiusM, { steps: 64, units: 'meters' }), properties: { kind: 'fence', shape: 'circle', inclusion: s.inclusion, radiusM: s.radiusM } });
  }
  plan.rally.points.forEach((r, i) => features.push(feature({ type: 'Point', coordinates: [r.lon, r.lat, r.relAltM] }, { kind: 'rally', index: i, alongM: Math.round(r.alongM) })));
  features.push(feature({ type: 'Point', coordinates: [plan.home.lon, plan.home.lat, plan.home.altAmslM] }, { kind: 'home', altAmslM: plan.home.altAmslM }));
  features.push(missionFeature(plan.mission));
  return { type: 'FeatureCollection', features };
}
