/**
 * Obstacle GeoJSON as other tools write it (session 7, redteam): a MultiPoint (a group of masts)
 * and a MultiPolygon (a building complex) were refused — and since one refused record now stops
 * the service's start (OBSTACLES_INCOMPLETE), they are read as one obstacle per member (`id#n`),
 * as MultiLineString already was. A bad member is named by its index; 3-D positions are read.
 */
import { describe, expect, it } from 'vitest';
import { importObstacleGeoJson } from '../../src/obstacles/index.js';

const fc = (geometry: unknown, props: Record<string, unknown> = {}) => ({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties: { id: 'G1', name: 'group', heightM: 80, type: 'BUILDING', ...props } }] });
const sq = (x: number, y: number, d = 0.001) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

describe('obstacle MultiPoint and MultiPolygon', () => {
  it('a MultiPoint is one obstacle per point, with the radius and height of the feature', () => {
    const r = importObstacleGeoJson(fc({ type: 'MultiPoint', coordinates: [[9.9, 53.5], [9.91, 53.51, 12]] }, { radiusM: 10, type: 'ANTENNA' }));
    expect(r.issues).toEqual([]);
    expect(r.obstacles.map((o) => [o.id, o.type, o.top.heightM, o.footprint])).toEqual([
      ['G1#1', 'ANTENNA', 80, { kind: 'point', lon: 9.9, lat: 53.5, radiusM: 10 }],
      ['G1#2', 'ANTENNA', 80, { kind: 'point', lon: 9.91, lat: 53.51, radiusM: 10 }],
    ]);
  });

  it('a MultiPolygon is one polygon obstacle per member (outer rings; holes filled, conservatively)', () => {
    const r = importObstacleGeoJson(fc({ type: 'MultiPolygon', coordinates: [[sq(9.9, 53.5), sq(9.9002, 53.5002, 0.0002)], [sq(9.95, 53.55)]] }));
    expect(r.issues).toEqual([]);
    expect(r.obstacles.map((o) => [o.id, o.footprint.kind === 'polygon' ? o.footprint.ring : undefined])).toEqual([['G1#1', sq(9.9, 53.5)], ['G1#2', sq(9.95, 53.55)]]);
  });

  it.each([
    ['a member out of range', { type: 'MultiPoint', coordinates: [[9.9, 53.5], [9.9, 95]] }, 'geometry.coordinates[1]'],
    ['a polygon member with two corners', { type: 'MultiPolygon', coordinates: [[sq(9.9, 53.5)], [[[9.9, 53.5], [9.91, 53.5], [9.9, 53.5]]]] }, 'geometry.coordinates[1][0]'],
    ['no members', { type: 'MultiPolygon', coordinates: [] }, 'geometry.coordinates'],
  ])('%s: the record is refused naming %s', (_name, geometry, field) => {
    const r = importObstacleGeoJson(fc(geometry));
    expect(r.obstacles).toEqual([]);
    expect(r.issues.map((i) => [i.severity, i.code, i.field])).toEqual([['error', 'OBSTACLE_GEOMETRY_INVALID', field]]);
  });

  it('a GeometryCollection is still refused, precisely', () => {
    const r = importObstacleGeoJson(fc({ type: 'GeometryCollection', geometries: [] }));
    expect(r.issues[0]?.message).toMatch(/"GeometryCollection" is not supported \(Point\/MultiPoint/);
  });
});
