/** Obstacle importers: GeoJSON and AIXM 5.1 VerticalStructure, the Hamburg set, malformed input. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAixmObstacles, importObstacleGeoJson, importObstacles, isObstacleError, isObstacleValidDuring, topAglM } from '../../src/obstacles/index.js';

const root = join(import.meta.dirname, '../..');
const hamburg = readFileSync(join(root, 'missions/obstacles/hamburg.geojson'), 'utf8');
const aixm = readFileSync(join(root, 'missions/obstacles/hamburg-sample.aixm.xml'), 'utf8');
const point = (props: Record<string, unknown>, coordinates: unknown = [9.9759, 53.5626]): unknown => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { id: 'X1', name: 'X', heightM: 100, ...props } });
const fc = (...features: unknown[]): unknown => ({ type: 'FeatureCollection', features });
const line = (props: Record<string, unknown>, coordinates: unknown = [[9.98, 53.56], [9.99, 53.565]]): unknown => ({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: { id: 'X1', name: 'X', heightM: 60, type: 'TRANSMISSION_LINE', ...props } });
const powerline = readFileSync(join(root, 'missions/obstacles/powerline-sample.aixm.xml'), 'utf8');

describe('GeoJSON obstacles', () => {
  it('loads the Hamburg test set without issues, titled as approximate test data', () => {
    const r = importObstacles(hamburg);
    expect(r.issues).toEqual([]);
    expect(r.title).toMatch(/APPROXIMATE TEST DATA/);
    const tv = r.obstacles.find((o) => o.id === 'HH-TVT')!;
    expect(tv).toMatchObject({ type: 'TOWER', top: { heightM: 279.8, ref: 'AGL' }, footprint: { kind: 'point', lat: 53.5626, lon: 9.9759 }, lighted: true });
    expect(r.obstacles.find((o) => o.id === 'HH-ELB')?.footprint.kind).toBe('polygon');
    expect(r.obstacles.length).toBeGreaterThanOrEqual(20);
    const turbine = r.obstacles.find((o) => o.id === 'HH-WKA3')!;
    expect(topAglM(turbine, 40)).toBe(150);
    const temp = r.obstacles.find((o) => o.id === 'HH-TMP')!;
    expect(isObstacleValidDuring(temp, Date.parse('2026-05-04T08:00:00Z'), Date.parse('2026-05-04T10:00:00Z'))).toBe(false);
    expect(isObstacleValidDuring(temp, Date.parse('2025-05-04T08:00:00Z'), Date.parse('2025-05-04T10:00:00Z'))).toBe(true);
  });

  // each malformed record is dropped with an issue naming the feature and the field; the others load
  it.each([
    ['height not a number', point({ heightM: 'tall' }), 'properties.heightM', 'OBSTACLE_FIELD_INVALID'],
    ['height missing', point({ heightM: undefined }), 'properties.heightM', 'OBSTACLE_FIELD_MISSING'],
    ['negative height', point({ heightM: -3 }), 'properties.heightM', 'OBSTACLE_FIELD_INVALID'],
    ['bad reference', point({ heightRef: 'FL' }), 'properties.heightRef', 'OBSTACLE_FIELD_INVALID'],
    ['no name', point({ name: '' }), 'properties.name', 'OBSTACLE_FIELD_MISSING'],
    ['lat out of range', point({}, [9.9, 95]), 'geometry.coordinates', 'OBSTACLE_GEOMETRY_INVALID'],
    ['coordinates not numbers', point({}, ['a', 'b']), 'geometry.coordinates', 'OBSTACLE_GEOMETRY_INVALID'],
    ['negative radius', point({ radiusM: -1 }), 'properties.radiusM', 'OBSTACLE_FIELD_INVALID'],
    ['bad lighted', point({ lighted: 'yes' }), 'properties.lighted', 'OBSTACLE_FIELD_INVALID'],
    ['bad validFrom', point({ validFrom: 'soon' }), 'properties.validFrom', 'OBSTACLE_FIELD_INVALID'],
    ['validTo before validFrom', point({ validFrom: '2026-01-02T00:00:00Z', validTo: '2026-01-01T00:00:00Z' }), 'properties.validTo', 'OBSTACLE_FIELD_INVALID'],
    ['unsupported geometry', { type: 'Feature', geometry: { type: 'GeometryCollection', geometries: [] }, properties: { id: 'X1', name: 'X', heightM: 10 } }, 'geometry.type', 'OBSTACLE_GEOMETRY_INVALID'],
    ['line with one position', line({}, [[9, 53]]), 'geometry.coordinates', 'OBSTACLE_GEOMETRY_INVALID'],
    ['line position not numbers', line({}, [[9, 53], ['9.1', 53]]), 'geometry.coordinates[1]', 'OBSTACLE_GEOMETRY_INVALID'],
    ['line negative half-width', line({ radiusM: -5 }), 'properties.radiusM', 'OBSTACLE_FIELD_INVALID'],
    ['multi-line with a bad second line', { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [[[9, 53], [9.1, 53]], [[9.1, 53], [9.2, 95]]] }, properties: { id: 'X1', name: 'X', heightM: 60 } }, 'geometry.coordinates[1][1]', 'OBSTACLE_GEOMETRY_INVALID'],
    ['multi-line without lines', { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [] }, properties: { id: 'X1', name: 'X', heightM: 60 } }, 'geometry.coordinates', 'OBSTACLE_GEOMETRY_INVALID'],
    ['polygon with two corners', { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[9, 53], [9.1, 53], [9, 53]]] }, properties: { id: 'X1', name: 'X', heightM: 10 } }, 'geometry.coordinates[0]', 'OBSTACLE_GEOMETRY_INVALID'],
    ['no id', point({ id: undefined }), 'properties.id', 'OBSTACLE_FIELD_MISSING'],
  ])('%s → %s', (_name, bad, field, code) => {
    const good = point({ id: 'OK1' });
    const r = importObstacleGeoJson(fc(good, bad));
    expect(r.obstacles.map((o) => o.id)).toEqual(['OK1']);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code, field, featureIndex: 1 });
    expect(r.issues[0]!.message).toContain(`feature 1`);
    expect(r.issues[0]!.message).toContain(field);
  });

  it('reads power lines: a LineString with its half-width, a MultiLineString as one obstacle per line (id#n); the Hamburg span', () => {
    const r = importObstacleGeoJson(fc(line({ id: 'L1', radiusM: 20 }), { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [[[9.9, 53.5], [9.91, 53.51]], [[9.91, 53.51], [9.92, 53.5], [9.93, 53.51]]] }, properties: { id: 'L2', name: 'Two spans', heightM: 80 } }));
    expect(r.issues).toEqual([]);
    expect(r.obstacles.map((o) => [o.id, o.footprint.kind])).toEqual([['L1', 'line'], ['L2#1', 'line'], ['L2#2', 'line']]);
    expect(r.obstacles[0]).toMatchObject({ type: 'TRANSMISSION_LINE', footprint: { path: [[9.98, 53.56], [9.99, 53.565]], radiusM: 20 }, top: { heightM: 60, ref: 'AGL' } });
    expect(r.obstacles[2]!.footprint).toMatchObject({ path: [[9.91, 53.51], [9.92, 53.5], [9.93, 53.51]], radiusM: 0 });
    const ek2 = importObstacles(hamburg).obstacles.find((o) => o.id === 'HH-EK2');
    expect(ek2).toMatchObject({ type: 'TRANSMISSION_LINE', top: { heightM: 227 }, footprint: { kind: 'line', radiusM: 30 } });
    expect(ek2!.source).toMatch(/approximate/);
  });

  it('rejects a duplicate id and keeps an unknown type as OTHER with a warning', () => {
    const r = importObstacleGeoJson(fc(point({}), point({}), point({ id: 'X2', type: 'UFO' })));
    expect(r.obstacles.map((o) => [o.id, o.type])).toEqual([['X1', 'OTHER'], ['X2', 'OTHER']]);
    expect(r.issues.map((i) => [i.code, i.severity, i.featureId])).toEqual([['OBSTACLE_ID_DUPLICATE', 'error', 'X1'], ['OBSTACLE_FIELD_INVALID', 'warning', 'X2']]);
  });

  it.each([[null], [[]], [{ type: 'Feature' }], [{ type: 'FeatureCollection' }], ['x']])('throws OBSTACLE_FORMAT_UNKNOWN for %j', (doc) => {
    expect(() => importObstacleGeoJson(doc)).toThrow(expect.objectContaining({ code: 'OBSTACLE_FORMAT_UNKNOWN' }));
  });

  it('importObstacles rejects text that is neither JSON nor XML with a typed error', () => {
    try { importObstacles('tower at 53.5 N'); expect.unreachable(); } catch (e) { expect(isObstacleError(e, 'OBSTACLE_FORMAT_UNKNOWN')).toBe(true); }
  });
});

describe('AIXM 5.1 VerticalStructure', () => {
  it('reads ElevatedPoint and ElevatedSurface parts, feet, lat-lon order, lighting and validity', () => {
    const r = importObstacles(aixm, 'sample');
    expect(r.issues).toEqual([]);
    const [tv, michel, elb] = r.obstacles;
    expect(tv).toMatchObject({ id: '6f1c1c1e-0001-4a00-9000-00000000a001', name: 'HEINRICH-HERTZ-TURM', type: 'TOWER', lighted: true, footprint: { kind: 'point', lat: 53.5626, lon: 9.9759, radiusM: 15 }, validFrom: '1968-01-01T00:00:00.000Z', source: 'sample' });
    expect(tv!.top.ref).toBe('AGL');
    expect(tv!.top.heightM).toBeCloseTo(918 * 0.3048, 6); // verticalExtent in FT wins over the elevation
    expect(michel).toMatchObject({ type: 'SPIRE', lighted: false, top: { heightM: 158, ref: 'AMSL' } });
    expect(elb!.footprint.kind).toBe('polygon');
    if (elb!.footprint.kind === 'polygon') expect(elb!.footprint.ring[0]).toEqual([9.9826, 53.5412]);
  });

  it('reads CRS84 (lon lat) positions', () => {
    const x = aixm.replace('srsName="urn:ogc:def:crs:EPSG::4326">\n                  <gml:pos>53.5626 9.9759', 'srsName="urn:ogc:def:crs:OGC:1.3:CRS84">\n                  <gml:pos>9.9759 53.5626');
    expect(importAixmObstacles(x).obstacles[0]?.footprint).toMatchObject({ lat: 53.5626, lon: 9.9759 });
  });

  it.each([
    ['bad height', (s: string) => s.replace('<aixm:verticalExtent uom="M">110</aixm:verticalExtent>', '<aixm:verticalExtent uom="M">high</aixm:verticalExtent>'), 'part.verticalExtent', 'OBSTACLE_FIELD_INVALID'],
    ['bad unit', (s: string) => s.replace('<aixm:verticalExtent uom="M">110', '<aixm:verticalExtent uom="KM">110'), 'part.verticalExtent@uom', 'OBSTACLE_FIELD_INVALID'],
    ['no height at all', (s: string) => s.replace('<aixm:verticalExtent uom="M">110</aixm:verticalExtent>', ''), 'part.verticalExtent', 'OBSTACLE_FIELD_MISSING'],
    ['odd posList', (s: string) => s.replace('53.5407 9.9836 53.5412 9.9826</gml:posList>', '53.5407 9.9836 53.5412</gml:posList>'), 'ElevatedSurface.patches.PolygonPatch.exterior.LinearRing.posList', 'OBSTACLE_GEOMETRY_INVALID'],
    ['no geometry', (s: string) => s.replace(/<aixm:horizontalProjection_surfaceExtent>[\s\S]*<\/aixm:horizontalProjection_surfaceExtent>/, ''), 'horizontalProjection_location', 'OBSTACLE_FIELD_MISSING'],
  ])('%s: the structure is dropped with an issue naming it and the field', (_n, edit, field, code) => {
    const r = importAixmObstacles(edit(aixm));
    expect(r.obstacles).toHaveLength(2);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code, field, featureIndex: 2, featureId: '6f1c1c1e-0001-4a00-9000-00000000a003' });
    expect(r.issues[0]!.message).toMatch(/^VerticalStructure 2 \(6f1c1c1e-0001-4a00-9000-00000000a003\), /);
  });

  it('reads an ElevatedCurve part (a power line): segments joined in order, lat-lon, the radius as half-width, verticalExtent as AGL top', () => {
    const r = importObstacles(powerline, 'eTOD');
    expect(r.issues).toEqual([]);
    expect(r.obstacles).toHaveLength(1);
    expect(r.obstacles[0]).toMatchObject({ name: 'ELBEKREUZUNG 2', type: 'TRANSMISSION_LINE', lighted: true, top: { heightM: 227, ref: 'AGL' }, footprint: { kind: 'line', radiusM: 30, path: [[9.6256, 53.5739], [9.6217, 53.579], [9.6178, 53.584]] } });
    // without verticalExtent the curve's elevation is the AMSL top
    const amsl = importAixmObstacles(powerline.replace('<aixm:verticalExtent uom="M">227</aixm:verticalExtent>', ''));
    expect(amsl.obstacles[0]?.top).toEqual({ heightM: 229, ref: 'AMSL' });
  });

  it.each([
    ['odd curve posList', (s: string) => s.replace('53.5790 9.6217 53.5840 9.6178', '53.5790 9.6217 53.5840'), 'horizontalProjection_linearExtent.ElevatedCurve.segments.LineStringSegment[1].posList', 'OBSTACLE_GEOMETRY_INVALID'],
    ['arc segment', (s: string) => s.replace(/<gml:LineStringSegment interpolation="linear">\s*<gml:posList>53.5790 9.6217 53.5840 9.6178<\/gml:posList>\s*<\/gml:LineStringSegment>/, '<gml:Arc><gml:posList>53.5790 9.6217 53.58 9.62 53.5840 9.6178</gml:posList></gml:Arc>'), 'horizontalProjection_linearExtent.ElevatedCurve.segments.Arc', 'OBSTACLE_GEOMETRY_INVALID'],
    ['no segments', (s: string) => s.replace(/<gml:segments>[\s\S]*<\/gml:segments>/, ''), 'horizontalProjection_linearExtent.ElevatedCurve.segments', 'OBSTACLE_GEOMETRY_INVALID'],
    ['curve elevation in furlongs and no verticalExtent', (s: string) => s.replace('<aixm:verticalExtent uom="M">227</aixm:verticalExtent>', '').replace('<aixm:elevation uom="M">229', '<aixm:elevation uom="FUR">229'), 'ElevatedCurve.elevation@uom', 'OBSTACLE_FIELD_INVALID'],
  ])('power line, %s: dropped with an issue naming it and the field', (_n, edit, field, code) => {
    const r = importAixmObstacles(edit(powerline));
    expect(r.obstacles).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code, field, featureIndex: 0, featureId: '6f1c1c1e-0001-4a00-9000-00000000a010' });
    expect(r.issues[0]!.message).toMatch(/^VerticalStructure 0 \(6f1c1c1e-0001-4a00-9000-00000000a010\), /);
  });

  it.each([
    ['not well-formed', '<a><b></a>'],
    ['no VerticalStructure', '<?xml version="1.0"?><root><x/></root>'],
    ['entity expansion attempt', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><a>&x;</a>'],
  ])('throws OBSTACLE_FORMAT_UNKNOWN: %s', (_n, xml) => {
    expect(() => importAixmObstacles(xml)).toThrow(expect.objectContaining({ code: 'OBSTACLE_FORMAT_UNKNOWN' }));
  });
});
