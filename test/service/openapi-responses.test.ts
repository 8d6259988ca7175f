/**
 * The OpenAPI document is valid OpenAPI 3.1 (checked by @seriousme/openapi-schema-validator,
 * independent of how we generate it), every success response declares a schema (from
 * src/server/response-schemas.ts), and real responses of the running service match those schemas
 * (ajv, JSON Schema 2020-12).
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, startTestService, testConfig, VIEWER, waitFor } from './rig.js';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>> };
let svc: Awaited<ReturnType<typeof startTestService>>;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
const checked = new Set<string>();

const ENGINEER = 'test-engineer-token-0123456789a';

beforeAll(async () => {
  // sim/2 has a signing key (it signs already, so provisioning it confirms at once); sim/1 flies unsigned.
  const keyFile = join(mkdtempSync(join(tmpdir(), 'elbflug-oa-')), 'sim-2.key');
  writeFileSync(keyFile, Buffer.alloc(32, 0x42).toString('hex'), { mode: 0o600 });
  svc = await startTestService(
    testConfig({
      simulator: { enabled: true, vehicles: 2, speed: 30, home: { lat: 53.57, lon: 9.99, altAmslM: 10 } },
      auth: { tokens: [{ token: OPERATOR, role: 'operator', name: 'olga' }, { token: VIEWER, role: 'viewer', name: 'viktor' }, { token: ENGINEER, role: 'engineer', name: 'erik' }] },
      mavlink: { signing: [{ link: 'sim', require: false, vehicles: [{ sysid: 2, keyFile }] }] },
    }),
  );
  doc = (await (await svc.api('/openapi.json')).json()) as Doc;
});
afterAll(async () => {
  await svc?.close();
});

/** Call the API and check the answer against the document's schema for (method, template, status). */
async function call(method: string, template: string, path: string, body?: unknown, token?: string): Promise<unknown> {
  const r = await svc.api(path, { method: method.toUpperCase(), ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(token ? { token } : {}) });
  const op = doc.paths[`/api${template.replace(/:([A-Za-z]+)/g, '{$1}')}`]![method]!;
  const content = op.responses[String(r.status)]?.content ?? {};
  const [type, { schema }] = Object.entries(content)[0] ?? ['none', {}];
  if (type === 'application/octet-stream') {
    // Binary bodies: the declared type is what the service sends, and the body is a tlog (8-byte time + MAVLink 2 frame).
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/octet-stream/);
    expect(bytes.length).toBeGreaterThan(8);
    expect(bytes[8]).toBe(0xfd);
    checked.add(`${method} ${template}`);
    return bytes;
  }
  const text = await r.text();
  expect(r.status, text.slice(0, 300)).toBeLessThan(300);
  expect(r.headers.get('content-type') ?? '').toContain(type);
  const value = type === 'application/json' ? (JSON.parse(text) as unknown) : text;
  const ok = ajv.validate(schema!, value);
  expect(ok, `${method} ${path}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
  checked.add(`${method} ${template}`);
  return value;
}

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by an independent validator', async () => {
    const res = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
  });

  it('declares a schema for every success response', () => {
    const missing = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).flatMap(([m, op]) => Object.entries(op.responses).filter(([s, r]) => s.startsWith('2') && !Object.values(r.content ?? {}).every((c) => c.schema !== undefined)).map(([s]) => `${m} ${p} ${s}`)));
    expect(missing).toEqual([]);
    expect(Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0)).toBeGreaterThanOrEqual(26);
  });

  it('real responses match their schemas', { timeout: 120_000 }, async () => {
    const GOOD = { from: { lat: 53.57, lon: 9.99 }, to: { lat: 53.576, lon: 9.999 } };
    await call('get', '/hubs', '/hubs');
    await call('get', '/vehicle-profiles', '/vehicle-profiles');
    await call('get', '/airspace', '/airspace');
    await call('post', '/plan', '/plan', GOOD);
    const d = (await call('post', '/deliveries', '/deliveries', GOOD)) as { id: string };
    await call('get', '/deliveries', '/deliveries');
    await call('get', '/deliveries/:id/intent', `/deliveries/${d.id}/intent`);
    await call('get', '/intents', '/intents');
    await call('get', '/obstacles', '/obstacles');
    await call('get', '/deliveries/:id', `/deliveries/${d.id}`);
    const plan = JSON.stringify(await call('get', '/deliveries/:id/plan', `/deliveries/${d.id}/plan`));
    await call('post', '/missions/validate', '/missions/validate', { format: 'plan', text: plan });
    const real = readFileSync(join(import.meta.dirname, '../fixtures/missions-real-world/qgc-PX4SITL-PX4-MultiRotor.plan'), 'utf8');
    await call('post', '/missions/validate', '/missions/validate', { format: 'plan', text: real });
    await call('post', '/deliveries/:id/abort', `/deliveries/${d.id}/abort`, {});
    await call('get', '/alerts', '/alerts');
    await call('get', '/flights', '/flights');
    await call('get', '/sim', '/sim');
    await call('post', '/sim/speed', '/sim/speed', { speed: 30 });
    await call('post', '/sim/fault', '/sim/fault', { vehicle: 1, fault: 'packetLoss', pct: 0 });
    const added = (await call('post', '/sim/vehicles', '/sim/vehicles', {})) as { sysid: number };
    await call('delete', '/sim/vehicles/:sysid', `/sim/vehicles/${added.sysid}`);
    await call('get', '/links', '/links');
    const vehicles = (await call('get', '/vehicles', '/vehicles')) as { link: string; sysid: number }[];
    await call('get', '/vehicles/:link/:sysid', `/vehicles/${vehicles[0]!.link}/${vehicles[0]!.sysid}`);
    // A delivery flown by sim/1 at 30×: launch, then its flight's track, tlog and replay.
    const flown = (await call('post', '/deliveries', '/deliveries', GOOD)) as { id: string };
    await call('post', '/deliveries/:id/launch', `/deliveries/${flown.id}/launch`, { vehicle: 'sim/1' });
    const flight = await waitFor('the flight to end', async () => {
      const list = (await (await svc.api('/flights')).json()) as { id: string; deliveryId: string; endedAt: string | null }[];
      return list.find((f) => f.deliveryId === flown.id && f.endedAt !== null);
    }, 90_000);
    await call('get', '/flights', '/flights');
    await call('get', '/flights/:id/track', `/flights/${flight.id}/track`);
    await call('get', '/flights/:id/tlog', `/flights/${flight.id}/tlog`);
    await call('get', '/flights/:id/replay', `/flights/${flight.id}/replay`);
    // Manual commands on sim/2 (on the ground): arm, then disarm.
    await call('post', '/vehicles/:link/:sysid/commands', '/vehicles/sim/2/commands', { command: 'arm' });
    await call('post', '/vehicles/:link/:sysid/commands', '/vehicles/sim/2/commands', { command: 'disarm' });
    // The disarm was acknowledged; provisioning needs the vehicle to say so in its heartbeat.
    await waitFor('sim/2 to report disarmed', async () => (svc.fleet.vehicle('sim/2')?.session.state.armed === false ? true : undefined), 10_000);
    await call('post', '/vehicles/:link/:sysid/signing', '/vehicles/sim/2/signing', undefined, ENGINEER);
    const alert = await svc.store.raiseAlert({ severity: 'warning', code: 'TEST_ACK', message: 'to be acknowledged', vehicleId: 'sim/2', vehicleSysid: 2 });
    await call('post', '/alerts/:id/ack', `/alerts/${alert.id}/ack`, {});
    // Every declared operation was called and its real answer checked.
    const declared = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p.replace(/^\/api/, '').replace(/\{([A-Za-z]+)\}/g, ':$1')}`));
    expect([...checked].sort()).toEqual(declared.filter((k) => !k.startsWith('get /openapi')).sort());
  });

  it('a response that drifts from its schema fails the check (the check can fail)', () => {
    const schema = doc.paths['/api/missions/validate']!.post!.responses['200']!.content!['application/json']!.schema!;
    expect(ajv.validate(schema, { items: 1, ok: true, kind: 'free', legs: [], violations: [], warnings: [] })).toBe(false); // fileWarnings missing
    expect(ajv.validate(schema, { items: 1, ok: 'yes', kind: 'free', legs: [], violations: [], warnings: [], fileWarnings: [] })).toBe(false);
  });
});
