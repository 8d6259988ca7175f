/**
 * The outside tester's pass over the HTTP API (session 7, redteam), against the whole service on
 * real sockets: what api-fuzz.test.ts does not send. Compressed bodies that do not decompress and
 * path parameters that are not valid percent-encoding answered 500 before; numbers in ids had many
 * spellings ("0x1", "1e0", " 1"); a repeated query parameter said "received NaN". And a property:
 * for any JSON body at any POST route, never a 5xx, always `{code, message}` with a catalogued code.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/server/error-registry.js';
import { OPERATOR, serviceForFile, startTestService, unlimitedConfig } from '../service/rig.js';

type Svc = Awaited<ReturnType<typeof startTestService>>;
let svc: Svc;

serviceForFile(unlimitedConfig, (s) => (svc = s));

async function call(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<{ status: number; body: { code?: string; message?: string; details?: { issues?: { path: string; message: string }[] } } }> {
  const res = await fetch(`${svc.url}${path}`, { method, headers: { authorization: `Bearer ${OPERATOR}`, ...headers }, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : { message: text } };
}
const JSON_TYPE = { 'content-type': 'application/json' };

describe('request bodies the parser cannot read', () => {
  it.each([
    ['gzip', 'not gzip at all', /Z_DATA_ERROR/],
    ['deflate', 'not deflate', /Z_DATA_ERROR/],
    ['br', '{"a":1}', /Decompression failed/],
    ['x-unknown', '{}', /encoding\.unsupported/],
  ])('Content-Encoding %s with a body that does not decode: 400 BODY_MALFORMED naming why', async (encoding, body, why) => {
    const r = await call('POST', '/api/plan', body, { ...JSON_TYPE, 'content-encoding': encoding });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BODY_MALFORMED');
    expect(r.body.message).toMatch(why);
  });

  it('a validly gzipped body is read (it reaches validation)', async () => {
    const r = await call('POST', '/api/plan', new Blob([new Uint8Array(gzipSync(JSON.stringify({ from: { lat: 53.6, lon: 9.9 } })))]), { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.message).toMatch(/body\.to/);
  });

  it('an unsupported charset says to send UTF-8', async () => {
    const r = await call('POST', '/api/plan', '{}', { 'content-type': 'application/json; charset=latin1' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BODY_MALFORMED');
    expect(r.body.message).toMatch(/charset\.unsupported.*UTF-8/);
  });
});

describe('path and query parameters', () => {
  // every route with a path parameter, from the service's own OpenAPI document
  const paramRoutes = async (): Promise<{ method: string; path: string }[]> => {
    const doc = (await (await fetch(`${svc.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    return Object.entries(doc.paths).filter(([p]) => p.includes('{')).flatMap(([path, ms]) => Object.keys(ms).map((method) => ({ method: method.toUpperCase(), path })));
  };

  it.each(['%', '%E0%A4%A', '%zz', 'a%2'])('malformed percent-encoding %s in any path parameter: 400 VALIDATION_FAILED, not 500', async (bad) => {
    const routes = await paramRoutes();
    expect(routes.length).toBeGreaterThan(8);
    for (const { method, path } of routes) {
      const r = await call(method, path.replace(/\{[^}]+\}/g, bad), method === 'GET' ? undefined : '{}', JSON_TYPE);
      expect({ route: `${method} ${path}`, status: r.status, code: r.body.code }).toEqual({ route: `${method} ${path}`, status: 400, code: 'VALIDATION_FAILED' });
      expect(r.body.message).toMatch(/percent-encoding/);
    }
  });

  it('a sysid is decimal digits: 0x1, 1e0, " 1", 01, +1 are refused, 1 is the vehicle', async () => {
    expect((await call('GET', '/api/vehicles/sim/1')).status).toBe(200);
    for (const spelling of ['0x1', '1e0', '%201', '01', '+1', '1.0', '0b1']) {
      const r = await call('GET', `/api/vehicles/sim/${spelling}`);
      expect({ spelling, status: r.status, code: r.body.code }).toEqual({ spelling, status: 400, code: 'VALIDATION_FAILED' });
      expect(r.body.message).toMatch(/params\.sysid: expected a decimal integer 1…255/);
    }
    // a command to "0x1" is refused (audited as a refused attempt), never sent
    const r = await call('POST', '/api/vehicles/sim/0x1/commands', JSON.stringify({ command: 'hold' }), JSON_TYPE);
    expect(r.status).toBe(400);
    expect((await svc.store.listAudit({ limit: 50 })).filter((a) => JSON.stringify(a).includes('0x1')).map((a) => a.result)).toEqual(['error']);
  });

  it('an empty or non-decimal limit and alert id are refused with the range', async () => {
    for (const [path, where] of [['/api/alerts?limit=', 'query.limit'], ['/api/deliveries?limit=1e2', 'query.limit'], ['/api/deliveries?limit=0x10', 'query.limit']] as const) {
      const r = await call('GET', path);
      expect(r.status).toBe(400);
      expect(r.body.details?.issues?.[0]?.path).toBe(where);
    }
    const ack = await call('POST', '/api/alerts/0x1/ack', '{}', JSON_TYPE);
    expect(ack.status).toBe(400);
    expect(ack.body.details?.issues?.[0]?.path).toBe('params.id');
    // in range and decimal: the store answers (no such alert)
    expect((await call('POST', '/api/alerts/1/ack', '{}', JSON_TYPE)).body.code).toBe('STORE_NOT_FOUND');
    expect((await call('GET', '/api/deliveries?limit=1000')).status).toBe(200);
  });

  it('a query parameter given twice is named, not "received NaN"', async () => {
    const r = await call('GET', '/api/deliveries?limit=1&limit=2&state=planned');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.details?.issues).toEqual([{ path: 'query.limit', message: 'given 2 times; give it once' }]);
  });
});

describe('property: any JSON body at any POST route', () => {
  it('never answers 5xx; every refusal is {code, message} with a catalogued code', async () => {
    const doc = (await (await fetch(`${svc.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    // sim routes would add vehicles and change the speed: kept to the ones that cannot (fault with a bad body only)
    const posts = Object.entries(doc.paths).filter(([p, ms]) => 'post' in ms && !p.startsWith('/api/sim') && !p.endsWith('/signing')).map(([p]) => p.replace(/\{link\}/, 'sim').replace(/\{sysid\}/, '1').replace(/\{id\}/, 'x'));
    expect(posts.length).toBeGreaterThan(5);
    const bad: string[] = [];
    const statuses: Record<number, number> = {};
    // bodies shaped like each route's (hostile leaves, so they get past the outer schema) and arbitrary JSON
    const leaf = fc.oneof(fc.double(), fc.constantFrom(-0, 1e308, -1e308, 5e-324, 0, 90, -180, 53.6, 9.95, '', '\u0000', '../..', 'NaN'), fc.string(), fc.boolean(), fc.constant(null));
    const point = fc.oneof(fc.record({ lat: leaf, lon: leaf }), fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }));
    const shapes: Record<string, fc.Arbitrary<unknown>> = {
      plan: fc.record({ from: point, to: point, mode: fc.constantFrom('land', 'drop-and-return'), safetyMarginM: leaf, wind: fc.record({ speedMps: leaf, fromDeg: leaf }), consents: fc.array(fc.string(), { maxLength: 3 }) }, { requiredKeys: ['from', 'to'] }),
      deliveries: fc.record({ from: point, to: point }),
      commands: fc.record({ command: fc.constantFrom('hold', 'takeoff', 'land', 'toString', '__proto__'), altitudeM: leaf, force: leaf }, { requiredKeys: ['command'] }),
      abort: fc.record({ how: fc.oneof(leaf, fc.constantFrom('hold', 'rtl', 'land')) }, { requiredKeys: [] }),
      launch: fc.record({ vehicle: fc.oneof(leaf, fc.constantFrom('sim/1', 'sim/999', 'sim/', '/1')) }, { requiredKeys: [] }),
      validate: fc.record({ format: fc.constantFrom('plan', 'wpl'), text: fc.oneof(fc.string({ minLength: 1 }), fc.json(), fc.constantFrom('QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t53.6\t9.95\tnan\t1\n')), departAt: fc.oneof(leaf, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) }, { requiredKeys: ['format', 'text'] }),
    };
    const shapeFor = (path: string): fc.Arbitrary<unknown> => shapes[Object.keys(shapes).find((k) => path.endsWith(`/${k}`)) ?? ''] ?? fc.jsonValue();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...posts).chain((p) => fc.tuple(fc.constant(p), fc.oneof({ weight: 3, arbitrary: shapeFor(p) }, { weight: 1, arbitrary: fc.jsonValue() }))), async ([path, body]) => {
        const r = await call('POST', path, JSON.stringify(body), JSON_TYPE);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status >= 500) bad.push(`${path} ${JSON.stringify(body).slice(0, 200)} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        if (r.status >= 400 && (typeof r.body.code !== 'string' || !(r.body.code in ERROR_STATUS) || typeof r.body.message !== 'string' || r.body.message.length === 0)) bad.push(`${path} → ${r.status} without a catalogued {code, message}: ${JSON.stringify(r.body).slice(0, 200)}`);
      }),
      { numRuns: 300, seed: Number(process.env.ELBFLUG_TEST_FUZZ_SEED ?? 7) },
    );
    expect(bad).toEqual([]);
    // the vehicle was commanded at most to hold/land on the ground; it is still there and the server answers
    expect((await fetch(`${svc.url}/api/health`)).status).toBe(200);
    console.log(`api property: ${JSON.stringify(statuses)}`);
  }, 120_000);
});
