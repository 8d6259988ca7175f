import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP, startRig, VIEW, type Rig } from './helpers.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

const api = (path: string, init: RequestInit = {}) => fetch(`${rig.base}/api${path}`, init);
const post = (path: string, body: unknown, headers: Record<string, string> = OP) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('REST API: vehicles, roles, validation', () => {
  it('health needs no token; everything else does', async () => {
    expect((await api('/health')).status).toBe(200);
    const r = await api('/vehicles');
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('Bearer') });
    expect((await api('/vehicles', { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
  });

  it('a viewer lists the discovered vehicles with their live state', async () => {
    const r = await api('/vehicles', { headers: VIEW });
    expect(r.status).toBe(200);
    const list = (await r.json()) as { id: string; sysid: number; flightMode: string }[];
    expect(list.map((v) => v.id).sort()).toEqual(['sim/1', 'sim/2']);
    expect(list[0]).toMatchObject({ flightMode: 'Hold', connected: true });
    const one = await api('/vehicles/sim/2', { headers: VIEW });
    expect(await one.json()).toMatchObject({ id: 'sim/2', sysid: 2 });
    const links = (await (await api('/links', { headers: VIEW })).json()) as { name: string; stats: { rxPackets: number } }[];
    expect(links[0]).toMatchObject({ name: 'sim' });
    expect(links[0]!.stats.rxPackets).toBeGreaterThan(0);
  });

  it('a viewer cannot command a drone (403), an operator can (audited)', async () => {
    const denied = await post('/vehicles/sim/1/commands', { command: 'hold' }, VIEW);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'FORBIDDEN', details: { role: 'viewer', permission: 'command' } });
    const ok = await post('/vehicles/sim/1/commands', { command: 'hold' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ vehicle: 'sim/1', command: 'hold', result: 'accepted' });
    expect(rig.audit.at(-1)).toMatchObject({ who: 'olga', role: 'operator', action: 'vehicle.command', ok: true, params: { link: 'sim', sysid: '1', command: 'hold' } });
  });

  it.each([
    ['unknown command', { command: 'flip' }, 400, 'VALIDATION_FAILED', 'body.command'],
    ['extra field', { command: 'hold', speed: 3 }, 400, 'VALIDATION_FAILED', 'speed'],
    ['takeoff above the ceiling', { command: 'takeoff', altitudeM: 150 }, 400, 'VALIDATION_FAILED', 'HEIGHT-CEILING-120'],
    ['mission start without an elbflug-validated mission', { command: 'missionStart' }, 409, 'MISSION_NOT_VALIDATED', 'was not planned and validated'],
  ])('%s → %i %s', async (_, body, status, code, fragment) => {
    const r = await post('/vehicles/sim/1/commands', body);
    expect(r.status).toBe(status);
    const j = (await r.json()) as { code: string; message: string };
    expect(j.code).toBe(code);
    expect(j.message).toContain(fragment);
  });

  it('a manual arm goes through the launch health checks: no GPS → 409 VEHICLE_NOT_HEALTHY', async () => {
    rig.sim.fault(2, { fault: 'gpsLoss', seconds: 600 });
    const v = rig.fleet.vehicle('sim/2')!;
    const end = Date.now() + 10_000;
    while (v.session.state.gps?.fixType === '3D_FIX' && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const r = await post('/vehicles/sim/2/commands', { command: 'arm' });
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ code: 'VEHICLE_NOT_HEALTHY', details: { problems: expect.arrayContaining([expect.objectContaining({ code: 'GPS_NO_FIX' })]) } });
    expect(rig.audit.at(-1)).toMatchObject({ action: 'vehicle.command', ok: false, errorCode: 'VEHICLE_NOT_HEALTHY' });
    rig.sim.fault(2, { fault: 'clear' });
  });

  it('refusals by the vehicle keep their code: DISARM-in-air style rejections are 409, unknown vehicles 404', async () => {
    const unknown = await post('/vehicles/sim/9/commands', { command: 'hold' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'VEHICLE_UNKNOWN', details: { known: ['sim/1', 'sim/2'] } });
    expect((await post('/vehicles/nolink/1/commands', { command: 'hold' })).status).toBe(404);
  });

  it('malformed and oversize bodies get clear errors, never 5xx', async () => {
    const bad = await post('/vehicles/sim/1/commands', '{"command": "hold"');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BODY_MALFORMED' });
    const big = await post('/vehicles/sim/1/commands', { command: 'hold', pad: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect((await api('/nope', { headers: VIEW })).status).toBe(404);
  });

  it('fuzzed command bodies never produce 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const r = await post('/vehicles/sim/2/commands', JSON.stringify(body));
        await r.text();
        return r.status < 500;
      }),
      { numRuns: 150, seed: 6 },
    );
  });

  it('serves an OpenAPI document generated from the same schemas', async () => {
    const doc = (await (await api('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; 'x-permission': string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const cmd = doc.paths['/api/vehicles/{link}/{sysid}/commands']!.post!;
    expect(cmd['x-permission']).toBe('command');
    expect(JSON.stringify(cmd.requestBody)).toContain('missionStart');
  });
});

describe('REST API: airspace', () => {
  it('serves the zones active at a time as GeoJSON with the rules engine verdict', async () => {
    const r = await api('/airspace?at=2026-05-04T08:00:00Z', { headers: VIEW });
    expect(r.status).toBe(200);
    const fc = (await r.json()) as { type: string; features: { properties: Record<string, unknown> }[] };
    expect(fc.type).toBe('FeatureCollection');
    const uke = fc.features.find((f) => f.properties.zoneId === 'HHH01')!;
    expect(uke.properties).toMatchObject({ verdict: 'obstacle', ruleId: 'LUFTVO-21H-3-10', active: true });
    const all = (await (await api('/airspace?at=2026-05-04T08:00:00Z&all=true', { headers: VIEW })).json()) as typeof fc;
    expect(all.features.length).toBeGreaterThanOrEqual(fc.features.length);
    expect(all.features.some((f) => f.properties.active === false)).toBe(fc.features.length < all.features.length);
  });
  it('rejects a bad time naming the field', async () => {
    const r = await api('/airspace?at=yesterday', { headers: VIEW });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('query.at') });
  });
});
