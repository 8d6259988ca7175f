/** Debian's chromium driven by playwright-core; tests fail without it in CI and skip elsewhere. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { MapConfig } from '../../../src/server/map-config.js';
import { startWebRig, type WebRig } from './rig.js';
import { startTestService } from '../../service/rig.js';

export const CHROMIUM = process.env.ELBFLUG_CHROMIUM ?? '/usr/bin/chromium';
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** In CI a missing browser is a failure, not a skip. */
export const MUST_RUN = process.env.CI === 'true';

/** Where the browser tests save their screenshots (not committed). */
export const ARTIFACTS = join(import.meta.dirname, 'artifacts');

/** URLs among `requests` that left 127.0.0.1 (data: and same-origin blob: allowed), and recorded page errors. */
export function foreignRequests(requests: readonly string[]): string[] {
  return requests.filter((u) => u.startsWith('pageerror') || (!/^(blob:)?(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(u) && !u.startsWith('data:')));
}

/**
 * Close the pages a test opened once it ends: a page left open keeps its websocket and redraws
 * every telemetry tick for the rest of the file, and a dozen of them share two cores with the
 * tests that follow. Requests already recorded stay in `requests`.
 */
function closeAfterEach(): BrowserContext[] {
  const open: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  return open;
}

export interface WebSuite {
  /** set in beforeAll */
  rig: WebRig;
  browser: Browser;
  /** every request and websocket of every page opened with open(), and `pageerror: …` entries */
  requests: string[];
  /** A fresh tablet-sized (1024×768) page at `/${query}` that records its requests and page errors. */
  open(query?: string, o?: { before?: (page: Page) => Promise<unknown>; bypassCSP?: boolean }): Promise<Page>;
}

/**
 * One web rig (simulated PX4s, fleet, API, websocket, the map) and one chromium for a describe
 * block: call it at the top of the block; its beforeAll/afterAll start and stop both.
 */
export function webSuite(vehicles = 2, map?: () => MapConfig, speed?: number): WebSuite {
  const s = { requests: [] as string[] } as WebSuite;
  const contexts = closeAfterEach();
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [s.rig, s.browser] = await Promise.all([startWebRig(vehicles, speed, undefined, map?.()), chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS })]);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.rig?.close();
  });
  s.open = async (query = '', o = {}) => {
    const context = await s.browser.newContext({ viewport: { width: 1024, height: 768 }, acceptDownloads: true, bypassCSP: o.bypassCSP ?? false });
    contexts.push(context);
    const page = await context.newPage();
    page.on('request', (r) => void s.requests.push(r.url()));
    page.on('websocket', (ws) => void s.requests.push(ws.url()));
    page.on('pageerror', (e) => void s.requests.push(`pageerror: ${e.message}`));
    await o.before?.(page);
    await page.goto(`${s.rig.base}/${query}`);
    return page;
  };
  return s;
}

export interface ServiceSuite {
  /** set in beforeAll: the real service (startService) with the web map */
  svc: Awaited<ReturnType<typeof startTestService>>;
  browser: Browser;
  /** every request of every page opened with open(), and `pageerror: …` entries */
  requests: string[];
  /** A fresh tablet-sized (1024×768) page at the service's map, recording its requests and page errors. */
  open(): Promise<Page>;
}

/**
 * The real service (its configuration from `config`) and one chromium for a describe block, like
 * webSuite but against startService instead of the web rig.
 */
export function serviceSuite(config: () => Parameters<typeof startTestService>[0]): ServiceSuite {
  const s = { requests: [] as string[] } as ServiceSuite;
  const contexts = closeAfterEach();
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [s.svc, s.browser] = await Promise.all([startTestService(config(), { web: true }), chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS })]);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.svc?.close();
  });
  s.open = async () => {
    const context = await s.browser.newContext({ viewport: { width: 1024, height: 768 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('request', (r) => void s.requests.push(r.url()));
    page.on('pageerror', (e) => void s.requests.push(`pageerror: ${e.message}`));
    await page.goto(`${s.svc.url}/`);
    return page;
  };
  return s;
}
