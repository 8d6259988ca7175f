/** A request target the URL parser refuses, on plain HTTP: a JSON 400 from the service's front, not express's HTML 404 (left by the redteam pass). */
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, testConfig } from '../service/rig.js';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: false, vehicles: 0 } }));
}, 60_000);
afterAll(async () => {
  await svc?.close();
});

const raw = (target: string): Promise<string> =>
  new Promise((resolve) => {
    const s = createConnection(Number(new URL(svc.url).port), '127.0.0.1', () => s.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('close', () => resolve(out));
  });

describe('request targets', () => {
  it.each(['http://[/api/health', 'http://x:99999/api/vehicles'])('%s → 400 JSON naming the target', async (target) => {
    const answer = await raw(target);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/json/i);
    expect(answer).toMatch(/"code":"VALIDATION_FAILED","message":"the request target is not a valid URL"/);
    expect((await svc.api('/health')).status).toBe(200);
  });
});
