/**
 * /api/sim against the whole service with its embedded simulator (real UDP, HTTP, SQLite): a vehicle
 * added through the API is discovered by the service on its simulator link; a removed one goes lost;
 * faults and removal name unknown vehicles; every change is audited; bad input is a named 400.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { faultFields, simRoutes } from '../../src/server/sim-routes.js';
import { OPERATOR, startTestService, testConfig, VIEWER, waitFor } from '../service/rig.js';

const ENGINEER = 'test-engineer-token-0123456789';
const TOKENS = [
  { token: OPERATOR, role: 'operator', name: 'olga' },
  { token: VIEWER, role: 'viewer', name: 'viktor' },
  { token: ENGINEER, role: 'engineer', name: 'erik' },
];

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(testConfig({ auth: { tokens: TOKENS }, simulator: { enabled: true, vehicles: 1, speed: 10, home: { lat: 53.57, lon: 9.99, altAmslM: 10 } } }));
});
afterAll(async () => {
  await svc?.close();
});

type Json = Record<string, unknown> & { code?: string; message?: string; details?: Record<string, unknown> };
async function call(method: string, path: string, body?: unknown, token = ENGINEER): Promise<{ status: number; json: Json }> {
  const r = await svc.api(path, { method, token, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { status: r.status, json: (await r.json()) as Json };
}
const serviceVehicles = async () => (await call('GET', '/vehicles')).json as unknown as { id: string; connected: boolean }[];

describe('/api/sim vehicles', () => {
  it('POST /sim/vehicles adds one in line with the others; the service discovers it under sim/<sysid>; audited', async () => {
    const before = (await call('GET', '/sim')).json as { vehicles: { sysid: number; lat: number; lon: number; vehicleId: string }[] };
    expect(before.vehicles.map((v) => v.vehicleId)).toEqual(['sim/1']);
    const r = await call('POST', '/sim/vehicles');
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ sysid: 2, vehicleId: 'sim/2', armed: false, localPort: expect.any(Number) });
    expect(r.json.lat as number).toBeCloseTo(before.vehicles[0]!.lat, 6);
    expect(r.json.lon as number).toBeGreaterThan(before.vehicles[0]!.lon); // 8 m east (spacingM of the service)
    const seen = await waitFor('sim/2 in GET /api/vehicles', async () => (await serviceVehicles()).find((v) => v.id === 'sim/2' && v.connected), 10_000);
    expect(seen.connected).toBe(true);
    const listed = (await call('GET', '/sim')).json as { vehicles: { vehicleId: string }[] };
    expect(listed.vehicles.map((v) => v.vehicleId)).toEqual(['sim/1', 'sim/2']);
    const audit = await svc.store.listAudit({ action: 'sim.vehicle.add' });
    expect(audit.map((a) => [a.actor.name, a.result])).toContainEqual(['erik', 'ok']);
  });

  it('POST /sim/vehicles {lat, lon} puts it there; half a position or out of range is a named 400', async () => {
    const r = await call('POST', '/sim/vehicles', { lat: 53.5461, lon: 9.9661 });
    expect(r.status).toBe(201);
    expect([r.json.lat, r.json.lon]).toEqual([expect.closeTo(53.5461, 6), expect.closeTo(9.9661, 6)]);
    for (const [body, fragment] of [
      [{ lat: 95, lon: 9.9 }, 'body.lat'],
      [{ lat: 53.5 }, 'give both lat and lon'],
      [{ lat: 53.5, lon: 10, alt: 3 }, 'alt'],
      ['[1]', 'body'],
    ] as const) {
      const bad = await call('POST', '/sim/vehicles', body);
      expect([bad.status, bad.json.code], JSON.stringify(bad.json)).toEqual([400, 'VALIDATION_FAILED']);
      expect(bad.json.message).toContain(fragment);
    }
  });

  it('DELETE /sim/vehicles/:sysid removes it: gone from /api/sim, lost in the service (connected: false); unknown sysid → 404 VEHICLE_UNKNOWN', async () => {
    const sysid = ((await call('GET', '/sim')).json.vehicles as { sysid: number }[]).at(-1)!.sysid;
    await waitFor(`sim/${sysid} discovered`, async () => (await serviceVehicles()).find((v) => v.id === `sim/${sysid}` && v.connected), 10_000);
    const r = await call('DELETE', `/sim/vehicles/${sysid}`);
    expect(r.status).toBe(200);
    expect(r.json.removed).toMatchObject({ sysid, vehicleId: `sim/${sysid}` });
    expect(((await call('GET', '/sim')).json.vehicles as { sysid: number }[]).map((v) => v.sysid)).not.toContain(sysid);
    await waitFor(`sim/${sysid} lost`, async () => (await serviceVehicles()).find((v) => v.id === `sim/${sysid}` && !v.connected), 10_000);
    expect((await serviceVehicles()).find((v) => v.id === 'sim/1')?.connected).toBe(true);

    const again = await call('DELETE', `/sim/vehicles/${sysid}`);
    expect([again.status, again.json.code]).toEqual([404, 'VEHICLE_UNKNOWN']);
    expect(again.json.message).toContain(`no simulated vehicle with sysid ${sysid}`);
    expect(again.json.details?.known).toEqual(expect.arrayContaining([1]));
    const bad = await call('DELETE', '/sim/vehicles/zero');
    expect([bad.status, bad.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bad.json.message).toContain('params.sysid');
    const audit = await svc.store.listAudit({ action: 'sim.vehicle.remove' });
    expect(audit.map((a) => a.result).sort()).toEqual(['error', 'error', 'ok']); // the removal, the unknown sysid, the bad one
  });

  it('speed: near 0 (1e-300 froze the simulator), 0, negative or over 1000 → 400 naming the bound; 2 is applied', async () => {
    for (const speed of [1e-300, 0, -1, 1001]) {
      const r = await call('POST', '/sim/speed', { speed });
      expect([r.status, r.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await call('POST', '/sim/speed', { speed: 1e-300 })).json.message).toMatch(/at least 0\.01/);
    const ok = await call('POST', '/sim/speed', { speed: 2 });
    expect([ok.status, ok.json.speed]).toEqual([200, 2]);
    await call('POST', '/sim/speed', { speed: 10 });
  });

  it('faults: unknown vehicle → 404 VEHICLE_UNKNOWN; a negative duration names the field; a good one is applied and audited', async () => {
    const unknown = await call('POST', '/sim/fault', { vehicle: 42, fault: 'linkLoss', seconds: 5 });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'VEHICLE_UNKNOWN']);
    const negative = await call('POST', '/sim/fault', { vehicle: 1, fault: 'gpsLoss', seconds: -3 });
    expect([negative.status, negative.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(negative.json.message).toMatch(/^invalid fault: seconds: .*>0/);
    const ok = await call('POST', '/sim/fault', { vehicle: 1, fault: 'windGust', speedMps: 8 });
    expect(ok.status).toBe(200);
    expect(ok.json.applied).toEqual({ fault: 'windGust', speedMps: 8, fromDeg: 270, seconds: 5 });
    expect((await svc.store.listAudit({ action: 'sim.fault' })).map((a) => a.result)).toEqual(expect.arrayContaining(['ok', 'error']));
  });

  it('a viewer may read /api/sim but not add or remove vehicles (403)', async () => {
    expect((await call('GET', '/sim', undefined, VIEWER)).status).toBe(200);
    expect((await call('POST', '/sim/vehicles', {}, VIEWER)).status).toBe(403);
    expect((await call('DELETE', '/sim/vehicles/1', undefined, VIEWER)).status).toBe(403);
    expect(((await call('GET', '/sim')).json.vehicles as unknown[]).length).toBeGreaterThan(0);
  });

  it('GET /sim lists each fault with its fields (the schema the fault form is built from)', async () => {
    const r = (await call('GET', '/sim')).json as { faults: string[]; faultFields: Record<string, { properties: Record<string, { minimum?: number; exclusiveMinimum?: number; default?: number }>; required: string[] }> };
    expect(Object.keys(r.faultFields)).toEqual(r.faults);
    expect(r.faultFields.linkLoss).toEqual({ properties: { seconds: { type: 'number', exclusiveMinimum: 0 } }, required: ['seconds'] });
    expect(r.faultFields.windGust!.required).toEqual(['speedMps']);
    expect(r.faultFields.windGust!.properties.fromDeg!.default).toBe(270);
    expect(r.faultFields.packetLoss!.properties.pct).toMatchObject({ minimum: 0, maximum: 100 });
    expect(r.faultFields.clear).toEqual({ properties: {}, required: [] });
  });
});

describe('/api/sim without a simulator', () => {
  it('adding, removing and faults answer 404 NOT_FOUND saying the simulator is off', async () => {
    const app = createApp({ tokens: TOKENS as never, bodyLimitBytes: 4096, rateLimit: { windowMs: 60_000, max: 1000 }, routes: simRoutes(undefined), audit: () => undefined });
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const h = { authorization: `Bearer ${ENGINEER}`, 'content-type': 'application/json' };
    try {
      const get = (await (await fetch(`${base}/sim`, { headers: h })).json()) as { enabled: boolean; vehicles: unknown[] };
      expect(get).toMatchObject({ enabled: false, vehicles: [] });
      for (const [method, path, body] of [['POST', '/sim/vehicles', '{}'], ['DELETE', '/sim/vehicles/1', undefined], ['POST', '/sim/fault', '{"fault":"clear"}']] as const) {
        const r = await fetch(`${base}${path}`, { method, headers: h, ...(body ? { body } : {}) });
        const j = (await r.json()) as Json;
        expect([r.status, j.code]).toEqual([404, 'NOT_FOUND']);
        expect(j.message).toContain('simulator is off');
      }
    } finally {
      await new Promise((r) => server.close(() => r(undefined)));
    }
  });

  it('faultFields covers every fault name', () => {
    const f = faultFields();
    expect(Object.keys(f).length).toBeGreaterThanOrEqual(9);
    expect(f.batteryDrop!.required).toEqual(['pct']);
  });
});
