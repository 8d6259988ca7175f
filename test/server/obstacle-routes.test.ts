/** GET /api/obstacles: the obstacle layer for the map; validity filter; auth and a bad query. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importObstacles } from '../../src/obstacles/index.js';
import { createApp } from '../../src/server/app.js';
import { obstacleRoutes } from '../../src/server/obstacle-routes.js';
import { TOKENS } from './helpers.js';

const data = importObstacles(readFileSync(join(import.meta.dirname, '../../missions/obstacles/hamburg.geojson'), 'utf8'));
const auth = { authorization: `Bearer ${TOKENS[0]!.token}` };
let server: Server;
let base: string;
beforeAll(async () => {
  const app = createApp({ tokens: TOKENS, bodyLimitBytes: 64 * 1024, rateLimit: { windowMs: 60_000, max: 10_000 }, audit: () => undefined,
    routes: obstacleRoutes({ obstacles: () => data.obstacles, clearance: () => ({ horizontalM: 50, verticalM: 50 }), title: () => data.title }) });
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => { await new Promise((r) => server?.close(() => r(undefined))); });

type FC = { title: string; clearance: unknown; features: { geometry: { type: string }; properties: { id: string; heightM: number; heightRef: string; active: boolean; radiusM?: number } }[] };

describe('GET /api/obstacles', () => {
  it('lists the structures valid at ?at= with heights, reference and footprint; all=true adds the expired crane', async () => {
    const r = await fetch(`${base}/obstacles?at=2026-05-04T08:00:00Z`, { headers: auth });
    expect(r.status).toBe(200);
    const fc = (await r.json()) as FC;
    expect(fc.title).toMatch(/APPROXIMATE TEST DATA/);
    expect(fc.clearance).toEqual({ horizontalM: 50, verticalM: 50 });
    expect(fc.features.find((f) => f.properties.id === 'HH-TVT')).toMatchObject({ geometry: { type: 'Point' }, properties: { heightM: 279.8, heightRef: 'AGL', radiusM: 15, active: true } });
    expect(fc.features.find((f) => f.properties.id === 'HH-ELB')?.geometry.type).toBe('Polygon');
    // a power line: its span as a LineString, the corridor half-width as radiusM
    expect(fc.features.find((f) => f.properties.id === 'HH-EK2')).toMatchObject({ geometry: { type: 'LineString', coordinates: [[9.6256, 53.5739], [9.6178, 53.584]] }, properties: { heightM: 227, radiusM: 30 } });
    expect(fc.features.some((f) => f.properties.id === 'HH-TMP')).toBe(false);
    const all = (await (await fetch(`${base}/obstacles?at=2026-05-04T08:00:00Z&all=true`, { headers: auth })).json()) as FC;
    expect(all.features.find((f) => f.properties.id === 'HH-TMP')?.properties.active).toBe(false);
  });

  it('401 without a token; 400 naming the field for a bad ?at=', async () => {
    expect((await fetch(`${base}/obstacles`)).status).toBe(401);
    const bad = await fetch(`${base}/obstacles?at=soon`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('query.at') });
  });
});
