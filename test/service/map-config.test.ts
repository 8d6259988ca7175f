/** The configured tile source reaches the page (/map-config.json) and the page's CSP; the real service. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestService, testConfig } from './rig.js';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(
    testConfig({ map: { tileUrl: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' }, simulator: { enabled: false, vehicles: 0, speed: 1, home: { lat: 53.55, lon: 9.99, altAmslM: 10 } } }),
    { web: true },
  );
});
afterAll(async () => {
  await svc?.close();
});

it('serves map.tileUrl at /map-config.json and allows images from its origin only', async () => {
  const res = await fetch(`${svc.url}/map-config.json`);
  expect(await res.json()).toEqual({ tileUrl: 'https://{s}.tile.example.org/{z}/{x}/{y}.png', planLimits: { windSpeedMaxMps: 60, safetyMarginMaxM: 500 } });
  const page = await fetch(`${svc.url}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data: blob: https://*.tile.example.org;");
});
