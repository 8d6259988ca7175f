/** Start the whole service (real UDP, real SQLite file, real HTTP/ws) on ephemeral ports for a test. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { startService, type RunningService } from '../../src/service.js';

export const OPERATOR = 'test-operator-token-0123456789';
export const VIEWER = 'test-viewer-token-0123456789ab';

export function testConfig(over: Record<string, unknown> = {}, dataDir = mkdtempSync(join(tmpdir(), 'elbflug-svc-'))): Config {
  const file = join(dataDir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      http: { host: '127.0.0.1', port: 0 },
      dataDir,
      auth: { tokens: [{ token: OPERATOR, role: 'operator', name: 'olga' }, { token: VIEWER, role: 'viewer', name: 'viktor' }] },
      log: { level: 'silent' },
      ...over,
    }),
  );
  return loadConfig({ env: {}, argv: ['--config', file], readFile: (p) => readFileSync(p, 'utf8') });
}

/** One simulated vehicle and no rate limit: for the fuzzers, which send thousands of requests. */
export const unlimitedConfig = (): Config => testConfig({ simulator: { vehicles: 1, speed: 5 }, http: { host: '127.0.0.1', port: 0, rateLimit: { windowMs: 60_000, max: 0, anonymousMax: 0 } } });

/** One service for a whole test file: started before its tests (handed to `use`), closed after them. */
export function serviceForFile(config: () => Config, use: (svc: Awaited<ReturnType<typeof startTestService>>) => void): void {
  let svc: Awaited<ReturnType<typeof startTestService>> | undefined;
  beforeAll(async () => {
    svc = await startTestService(config());
    use(svc);
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
  });
}

/** The web map's files, as src/main.ts serves them. */
export const WEB_DIR = join(import.meta.dirname, '../../src/web');

export async function startTestService(config: Config, o: { web?: boolean; log?: pino.Logger } = {}): Promise<RunningService & { api: (path: string, init?: RequestInit & { token?: string }) => Promise<Response> }> {
  const svc = await startService(config, { log: o.log ?? pino({ level: 'silent' }), ...(o.web ? { webDir: WEB_DIR } : {}) });
  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${svc.url}/api${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${init.token ?? OPERATOR}`, ...(init.headers as Record<string, string> | undefined) } });
  // Discovered, past PX4's preflight checks (STANDBY) and with a position: ready to be launched.
  const ready = (): boolean =>
    svc.fleet.vehicles().filter((v) => v.session.state.systemStatus === 'STANDBY' && v.session.state.position !== undefined).length >= config.simulator.vehicles;
  const end = Date.now() + 20_000;
  while (!ready() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return Object.assign(svc, { api });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
