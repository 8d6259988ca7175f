/** API validation: every planning/delivery endpoint rejects bad input with a named field and the right status; fuzzed bodies never yield 5xx. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, testConfig, VIEWER } from './rig.js';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 1, speed: 2, home: { lat: 53.57, lon: 9.99, altAmslM: 10 } } }));
});
afterAll(async () => {
  await svc?.close();
});

const post = (path: string, body: unknown, token?: string) => svc.api(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), ...(token ? { token } : {}) });
const GOOD = { from: { lat: 53.57, lon: 9.99 }, to: { lat: 53.576, lon: 9.999 } };

describe('API validation', () => {
  it.each([
    ['/plan', { ...GOOD, from: { lat: 95, lon: 9.99 } }, 400, 'VALIDATION_FAILED', 'body.from.lat'],
    ['/plan', { ...GOOD, mode: 'teleport' }, 400, 'VALIDATION_FAILED', 'body.mode'],
    ['/plan', { ...GOOD, wind: { speedMps: -3, fromDeg: 10 } }, 400, 'VALIDATION_FAILED', 'body.wind.speedMps'],
    ['/plan', { ...GOOD, departAt: 'tomorrow' }, 400, 'VALIDATION_FAILED', 'body.departAt'],
    ['/plan', { ...GOOD, vehicleProfile: 'jumbo' }, 400, 'VALIDATION_FAILED', 'unknown vehicle profile "jumbo"'],
    ['/plan', { ...GOOD, color: 'red' }, 400, 'VALIDATION_FAILED', 'color'],
    ['/deliveries', { from: GOOD.from }, 400, 'VALIDATION_FAILED', 'body.to'],
    ['/deliveries', { from: { lat: 53.5914, lon: 9.9767 }, to: GOOD.to }, 422, 'START_IN_ZONE', 'HHH01'],
    ['/missions/validate', { format: 'plan', text: '{' }, 400, 'PLAN_INVALID', 'does not parse'],
    ['/missions/validate', { format: 'wpl', text: 'QGC WPL 110\r\n0\t1\t0\n' }, 400, 'WPL_INVALID', 'line'],
    ['/missions/validate', { format: 'kml', text: '<kml/>' }, 400, 'VALIDATION_FAILED', 'body.format'],
    ['/deliveries', { from: { lat: 0, lon: 179.9999 }, to: { lat: 0, lon: -179.9999 } }, 422, 'OUTSIDE_COVERAGE', 'from'],
    ['/deliveries', { from: { lat: 53.55, lon: 179.9999 }, to: { lat: 53.55, lon: -179.9999 } }, 422, 'OUTSIDE_COVERAGE', 'from'],
    ['/deliveries', { from: GOOD.from, to: { lat: 48.14, lon: 11.58 } }, 422, 'OUTSIDE_COVERAGE', 'to'],
    ['/plan', { from: { lat: 91, lon: 181 }, to: GOOD.to }, 400, 'VALIDATION_FAILED', 'body.from'],
    ['/deliveries/nope/launch', { vehicle: 'sim/1' }, 404, 'DELIVERY_UNKNOWN', 'no delivery nope'],
    ['/deliveries/nope/abort', { how: 'explode' }, 400, 'VALIDATION_FAILED', 'body.how'],
    ['/alerts/abc/ack', {}, 400, 'VALIDATION_FAILED', 'params.id'],
    ['/sim/fault', { vehicle: 1, fault: 'meteor' }, 400, 'VALIDATION_FAILED', 'linkLoss'],
  ])('POST %s %j → %i %s', async (path, body, status, code, fragment) => {
    const r = await post(path, body);
    const j = (await r.json()) as { code: string; message: string; details: unknown };
    expect([r.status, j.code], JSON.stringify(j)).toEqual([status, code]);
    expect(`${j.message} ${JSON.stringify(j.details)}`).toContain(fragment);
  });

  it('launch checks the vehicle: unknown → 404, and a viewer may not launch (403)', async () => {
    const d = (await (await post('/deliveries', GOOD)).json()) as { id: string };
    const unknown = await post(`/deliveries/${d.id}/launch`, { vehicle: 'sim/9' });
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'VEHICLE_UNKNOWN']);
    expect((await post(`/deliveries/${d.id}/launch`, { vehicle: 'sim/1' }, VIEWER)).status).toBe(403);
    expect((await post(`/deliveries/${d.id}/abort`, {})).status).toBe(200);
    const again = await post(`/deliveries/${d.id}/abort`, {});
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, 'DELIVERY_NOT_ACTIVE']);
  });

  const qgcPlan = (params: unknown[]): string => JSON.stringify({
    fileType: 'Plan', version: 1, groundStation: 'QGroundControl',
    mission: { version: 2, firmwareType: 12, vehicleType: 2, cruiseSpeed: 15, hoverSpeed: 5, plannedHomePosition: [53.57, 9.99, 10],
      items: [{ type: 'SimpleItem', autoContinue: true, command: 22, doJumpId: 1, frame: 3, params: [0, 0, 0, null, 53.57, 9.99, 60] },
        { type: 'SimpleItem', autoContinue: true, command: 16, doJumpId: 2, frame: 3, params }] },
    geoFence: { version: 2, polygons: [], circles: [] }, rallyPoints: { version: 2, points: [] },
  });
  it.each([
    ['lat 91 / lon 181', [0, 0, 0, null, 91, 181, 60]],
    ['a null altitude', [0, 0, 0, null, 53.576, 9.999, null]],
  ])('POST /missions/validate with %s → 4xx naming the item, never 500', async (_what, params) => {
    const r = await post('/missions/validate', { format: 'plan', text: qgcPlan(params) });
    const j = (await r.json()) as { code: string; message: string; details: unknown };
    expect(r.status, JSON.stringify(j)).toBeGreaterThanOrEqual(400);
    expect(r.status, JSON.stringify(j)).toBeLessThan(500);
    expect(`${j.message} ${JSON.stringify(j.details)}`).toMatch(/item|items/);
  });

  it('an exported plan validates ok with the consents and departure time it was planned with (and not without)', async () => {
    const at = '2026-05-04T08:00:00Z';
    const created = await post('/deliveries', { from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5800, lon: 9.9900 }, consents: ['HHH01'], departAt: at });
    expect(created.status).toBe(201);
    const d = (await created.json()) as { id: string };
    const text = await (await svc.api(`/deliveries/${d.id}/plan`)).text();
    const withConsent = (await (await post('/missions/validate', { format: 'plan', text, consents: ['HHH01'], departAt: at })).json()) as { ok: boolean };
    const without = (await (await post('/missions/validate', { format: 'plan', text, departAt: at })).json()) as { ok: boolean };
    expect([withConsent.ok, without.ok]).toEqual([true, false]);
    await post(`/deliveries/${d.id}/abort`, {});
  });

  it.each(['/plan', '/deliveries', '/missions/validate', '/sim/fault'])('fuzzed bodies to %s never produce 5xx', async (path) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ from: fc.jsonValue(), to: fc.jsonValue(), mode: fc.jsonValue(), format: fc.jsonValue(), text: fc.string() })), async (body) => {
        const r = await post(path, JSON.stringify(body));
        await r.text();
        return r.status < 500;
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
