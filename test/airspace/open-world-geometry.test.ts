/**
 * Unusual but valid airspace geometry from the open world (session 7, redteam), imported and then
 * queried: each must mean what it says. Holes, MultiPolygons with clockwise rings, 3-D positions,
 * a repeated closing position, limits in feet or as strings with SFC — and a polygon whose hole is
 * written before its outer ring, which was a zone only as big as its hole (the index box and the
 * planner took ring 0 as the outline): now the largest ring is the outline, with RING_ORDER.
 */
import { describe, expect, it } from 'vitest';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';
import { importEd318 } from '../../src/airspace/formats/ed318-import.js';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import { zonesAtPoint } from '../../src/airspace/query/zones-at-point.js';
import { zonesOnSegment } from '../../src/airspace/query/zones-on-segment.js';

const box = (x0: number, y0: number, x1: number, y1: number, clockwise = false): number[][] => {
  const r = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
  return clockwise ? r.reverse() : r;
};
const LAYER = { lower: 0, lowerReference: 'AGL', upper: 120, upperReference: 'AGL', uom: 'M' };
const feature = (id: string, geometry: object, layer: object = LAYER) => ({ type: 'Feature', geometry: { ...geometry, layer }, properties: { identifier: id, country: 'DEU', type: 'PROHIBITED', zoneAuthority: [] } });
const OUTER = box(10.0, 53.5, 10.1, 53.6);
const HOLE = box(10.04, 53.54, 10.06, 53.56);

function importAndIndex(features: object[]) {
  const r = importEd318({ type: 'FeatureCollection', features });
  return { ...r, index: createAirspaceIndex(r.zones) };
}
const at = (index: ReturnType<typeof createAirspaceIndex>, lon: number, lat: number, altAglM = 50): string[] => zonesAtPoint(index, { lat, lon, altAglM }, { groundAmslM: 10 }).map((h) => h.zone.id);

describe('unusual but valid ED-318 geometry means what it says', () => {
  it.each([
    ['a Polygon with a hole', { type: 'Polygon', coordinates: [OUTER, HOLE] }, [[10.01, 53.51, true], [10.05, 53.55, false]]],
    ['a MultiPolygon with clockwise rings', { type: 'MultiPolygon', coordinates: [[box(10.0, 53.5, 10.02, 53.52, true)], [box(10.08, 53.58, 10.1, 53.6, true)]] }, [[10.01, 53.51, true], [10.09, 53.59, true], [10.05, 53.55, false]]],
    ['3-D positions [lon, lat, alt]', { type: 'Polygon', coordinates: [OUTER.map((p) => [...p, 35])] }, [[10.05, 53.55, true]]],
    ['the closing position repeated', { type: 'Polygon', coordinates: [[...OUTER, [10.0, 53.5]]] }, [[10.05, 53.55, true]]],
    ['a GeometryCollection of two polygons', { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [box(10.0, 53.5, 10.02, 53.52)], layer: LAYER }, { type: 'Polygon', coordinates: [box(10.08, 53.58, 10.1, 53.6)], layer: LAYER }] }, [[10.01, 53.51, true], [10.09, 53.59, true]]],
  ] as const)('%s', (_name, geometry, probes) => {
    const { zones, issues, index } = importAndIndex([feature('Z1', geometry)]);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(zones.map((z) => z.id)).toEqual(['Z1']);
    for (const [lon, lat, inside] of probes) expect({ lon, lat, hit: at(index, lon, lat).includes('Z1') }).toEqual({ lon, lat, hit: inside });
  });

  it('a hole written before its outer ring: the zone covers the outer ring minus the hole, with RING_ORDER', () => {
    const { zones, issues, index } = importAndIndex([feature('HF', { type: 'Polygon', coordinates: [HOLE, OUTER] })]);
    expect(issues.map((i) => [i.severity, i.code, i.field])).toEqual([['warning', 'RING_ORDER', 'geometry.coordinates[1]']]);
    const fp = zones[0]!.volumes[0]!.footprint;
    expect(fp.kind === 'polygon' && fp.rings[0]).toEqual(OUTER);
    expect(at(index, 10.01, 53.51)).toEqual(['HF']);
    expect(at(index, 10.05, 53.55)).toEqual([]);
    // a segment across the outer part (not the hole) crosses the zone
    expect(zonesOnSegment(index, { lat: 53.52, lon: 9.99, altAglM: 50 }, { lat: 53.52, lon: 10.11, altAglM: 50 }, { groundAmslM: 10 }).map((c) => c.zone.id)).toEqual(['HF']);
  });

  it('a MultiPolygon member with its hole first is reordered the same way', () => {
    const { issues, index } = importAndIndex([feature('MH', { type: 'MultiPolygon', coordinates: [[HOLE, OUTER], [box(11, 53.5, 11.1, 53.6)]] })]);
    expect(issues.map((i) => [i.code, i.field])).toEqual([['RING_ORDER', 'geometry.coordinates[0][1]']]);
    expect(at(index, 10.01, 53.51)).toEqual(['MH']);
    expect(at(index, 11.05, 53.55)).toEqual(['MH']);
  });

  it('limits in feet: 400 ft AGL is 121.92 m; a height above it is outside', () => {
    const { index } = importAndIndex([feature('FT', { type: 'Polygon', coordinates: [OUTER] }, { lower: 0, lowerReference: 'AGL', upper: 400, upperReference: 'AGL', uom: 'ft' })]);
    expect(at(index, 10.05, 53.55, 121)).toEqual(['FT']);
    expect(at(index, 10.05, 53.55, 123)).toEqual([]);
  });
});

describe('ED-269: the same polygon cases', () => {
  const zone = (coordinates: number[][][], geometry: object = {}) => ({
    identifier: 'E1', country: 'DEU', restriction: 'PROHIBITED', type: 'COMMON', applicability: [{ permanent: 'YES' }], zoneAuthority: [],
    geometry: [{ uomDimensions: 'FT', lowerLimit: '0', lowerVerticalReference: 'SFC', upperLimit: '400', upperVerticalReference: 'AGL', horizontalProjection: { type: 'Polygon', coordinates }, ...geometry }],
  });

  it('limits as strings with SFC, clockwise rings and a hole', () => {
    const r = importEd269({ features: [zone([box(10, 53.5, 10.1, 53.6, true), box(10.04, 53.54, 10.06, 53.56, true)])] });
    expect(r.issues).toEqual([]);
    expect(r.zones[0]!.volumes[0]!.upper).toEqual({ heightM: 121.92, ref: 'AGL' });
    expect(r.zones[0]!.volumes[0]!.lower).toEqual({ heightM: 0, ref: 'AGL' });
    const index = createAirspaceIndex(r.zones);
    expect(at(index, 10.01, 53.51)).toEqual(['E1']);
    expect(at(index, 10.05, 53.55)).toEqual([]);
  });

  it('the hole first: reordered, RING_ORDER', () => {
    const r = importEd269({ features: [zone([HOLE, OUTER])] });
    expect(r.issues.map((i) => [i.code, i.field])).toEqual([['RING_ORDER', 'geometry[0].horizontalProjection.coordinates[1]']]);
    expect(at(createAirspaceIndex(r.zones), 10.01, 53.51)).toEqual(['E1']);
  });
});
