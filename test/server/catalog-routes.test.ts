/** GET /api/hubs and GET /api/vehicle-profiles: shapes, the consents each hub needs, roles; the service refuses a bad hubs file. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubsFile } from '../../src/io/hubs-file.js';
import { parseVehicleProfile } from '../../src/planner/vehicle-profile.js';
import { createApp } from '../../src/server/app.js';
import { catalogRoutes } from '../../src/server/catalog-routes.js';
import { startService } from '../../src/service.js';
import { INDEX, PROFILE } from '../fleet/fixtures.js';
import { OPERATOR, testConfig } from '../service/rig.js';
import { TOKENS } from './helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const VEHICLES = readdirSync(join(ROOT, 'missions/vehicles')).sort().map((f) => parseVehicleProfile(JSON.parse(readFileSync(join(ROOT, 'missions/vehicles', f), 'utf8'))));
const auth = (i: number) => ({ authorization: `Bearer ${TOKENS[i]!.token}` });

let server: Server;
let base: string;
beforeAll(async () => {
  const hubs = await loadHubsFile(join(ROOT, 'missions/hubs.json'));
  const app = createApp({ tokens: TOKENS, bodyLimitBytes: 64 * 1024, rateLimit: { windowMs: 60_000, max: 10_000 }, routes: catalogRoutes({ hubs, index: INDEX, profile: () => PROFILE, vehicleProfiles: VEHICLES, groundAmslM: 10 }), audit: () => undefined });
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(() => r(undefined)));
});

describe('GET /api/hubs', () => {
  it('lists each hub with the zones whose consent it needs — the consents of the delivery scenarios', async () => {
    const r = await fetch(`${base}/hubs`, { headers: auth(0) });
    expect(r.status).toBe(200);
    const hubs = (await r.json()) as { id: string; name: string; lat: number; lon: number; consentZones: string[]; blocked?: unknown }[];
    expect(hubs).toHaveLength(10);
    expect(hubs[0]).toEqual({ id: 'uke', name: 'UKE (Universitätsklinikum Eppendorf)', lat: 53.5914, lon: 9.9767, consentZones: ['HHH01'] });
    const consents = Object.fromEntries(hubs.map((h) => [h.id, h.consentZones]));
    // missions/deliveries/hamburg.json: H2 HHH01+HHH02, H3 HHH06+HHH03, H4 HHH07+HHH04, H1 HHG01 at the Rathaus, none at H5's ends
    expect(consents).toEqual({
      uke: ['HHH01'], 'asklepios-st-georg': ['HHH02'], bundeswehrkrankenhaus: ['HHH06'], marienkrankenhaus: ['HHH03'], 'asklepios-harburg': ['HHH07'], 'asklepios-altona': ['HHH04'],
      droneport: [], 'ctt-tollerort': [], rathaus: ['HHG01'], hcu: [],
    });
    expect(hubs.filter((h) => h.blocked)).toEqual([]);
  });

  it('every role may read it; without a token 401; a bad ?at= is a 400 naming the field', async () => {
    for (const i of [0, 1, 2]) expect((await fetch(`${base}/hubs`, { headers: auth(i) })).status).toBe(200);
    expect((await fetch(`${base}/hubs`)).status).toBe(401);
    const bad = await fetch(`${base}/hubs?at=yesterday`, { headers: auth(1) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('query.at') });
    expect((await fetch(`${base}/hubs?at=2026-08-22T14:00:00Z`, { headers: auth(1) })).status).toBe(200);
  });
});

describe('GET /api/vehicle-profiles', () => {
  it('lists the loaded profiles with cruise speed, battery and reserve, for every role', async () => {
    for (const i of [0, 1, 2]) {
      const r = await fetch(`${base}/vehicle-profiles`, { headers: auth(i) });
      expect(r.status).toBe(200);
      const list = (await r.json()) as Record<string, unknown>[];
      expect(list.map((v) => v.id)).toEqual(VEHICLES.map((v) => v.id));
      expect(list.find((v) => v.id === 'delivery-quad')).toEqual({ id: 'delivery-quad', name: 'Delivery quad (≈ 12 kg MTOM, 2 kg payload)', cruiseSpeedMps: 11, batteryWh: 700, reservePct: 20, maxWindMps: 12 });
    }
    expect((await fetch(`${base}/vehicle-profiles`)).status).toBe(401);
  });

  it('both endpoints are in the OpenAPI document (the map shows its hub list only when they are)', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/api/hubs']?.get).toBeDefined();
    expect(doc.paths['/api/vehicle-profiles']?.get).toBeDefined();
  });
});

describe('the service and its hubs file', () => {
  it('serves missions/hubs.json by default', async () => {
    const svc = await startService(testConfig({ simulator: { enabled: false, vehicles: 0, speed: 1, home: { lat: 53.55, lon: 9.99, altAmslM: 10 } } }), { log: pino({ level: 'silent' }) });
    try {
      const r = await fetch(`${svc.url}/api/hubs`, { headers: { authorization: `Bearer ${OPERATOR}` } });
      const hubs = (await r.json()) as { id: string; consentZones: string[] }[];
      expect(hubs.find((h) => h.id === 'asklepios-st-georg')?.consentZones).toEqual(['HHH02']);
      const profiles = (await (await fetch(`${svc.url}/api/vehicle-profiles`, { headers: { authorization: `Bearer ${OPERATOR}` } })).json()) as { id: string }[];
      expect(profiles.map((p) => p.id)).toEqual(svc.vehicleProfiles.map((p) => p.id));
    } finally {
      await svc.close();
    }
  });

  it('refuses to start with a bad hubs file, naming the entry and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-badhubs-'));
    const file = join(dir, 'hubs.json');
    writeFileSync(file, JSON.stringify({ hubs: [{ id: 'uke', name: 'UKE', lat: 53.5914, lon: 9.9767 }, { id: 'harbour', name: 'Harbour', lat: 9.95, lon: 253.54 }] }));
    const start = startService(testConfig({ hubs: { file } }, dir), { log: pino({ level: 'silent' }) });
    await expect(start).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(`${file}: hubs[1] ("harbour").lon: must be a longitude`) });
  });
});
