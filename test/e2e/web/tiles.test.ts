/**
 * The optional tile layer comes from the service's configuration (map.tileUrl, served at
 * /map-config.json), and the page's Content-Security-Policy lets images come from that source only.
 * The tile source here is a small HTTP server on 127.0.0.1 answering every tile with a 1×1 PNG.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileImageSource } from '../../../src/server/map-config.js';
import { HAVE_CHROMIUM, MUST_RUN, webSuite } from './browser.js';
import { TOKENS } from './rig.js';

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('tileImageSource (the CSP source for a tile URL template)', () => {
  it.each([
    ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://tile.openstreetmap.org'],
    ['https://{s}.tile.example.org/{z}/{x}/{y}.png', 'https://*.tile.example.org'],
    ['http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png', 'http://127.0.0.1:8081'],
    ['https://{r}.example.org/{z}/{x}/{y}.png', 'https:'],
    ['ftp://example.org/{z}/{x}/{y}', undefined],
    [undefined, undefined],
  ])('%s → %s', (url, source) => expect(tileImageSource(url)).toBe(source));
});

describe.skipIf(!HAVE_CHROMIUM && !MUST_RUN)('tiles in chromium', () => {
  let tiles: Server;
  const served: string[] = [];
  beforeAll(async () => {
    tiles = createServer((req, res) => {
      served.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_1X1);
    });
    await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => tiles.close(() => r())));
  const tileBase = () => `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;
  const web = webSuite(1, () => ({ tileUrl: `${tileBase()}/{z}/{x}/{y}.png` }));

  it('configured: the page draws tiles from the configured source, which the CSP allows (and nothing else)', async () => {
    const page = await web.open(`?token=${TOKENS[1]!.token}`);
    const res = await fetch(`${web.rig.base}/map-config.json`);
    expect(await res.json()).toEqual({ tileUrl: `${tileBase()}/{z}/{x}/{y}.png`, planLimits: { windSpeedMaxMps: 60, safetyMarginMaxM: 500 } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`img-src 'self' data: blob: ${tileBase()}`);
    expect(csp).not.toMatch(/img-src[^;]*\*/);
    await expect.poll(() => page.locator('img.leaflet-tile-loaded').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(served.some((u) => /^\/12\/\d+\/\d+\.png$/.test(u))).toBe(true); // zoom 12 over Hamburg
    // the same tile server under another origin (localhost instead of 127.0.0.1): the browser refuses it
    const load = (url: string) => page.evaluate((u) => new Promise<boolean>((done) => Object.assign(new Image(), { onload: () => done(true), onerror: () => done(false), src: u })), url);
    expect(await load(`${tileBase()}/probe-allowed.png`)).toBe(true);
    expect(await load(`${tileBase().replace('127.0.0.1', 'localhost')}/probe-other-origin.png`)).toBe(false);
    expect(served).toContain('/probe-allowed.png');
    expect(served).not.toContain('/probe-other-origin.png'); // never even asked
  });
});
