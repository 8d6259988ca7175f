/** The README's quick start: `npm start` runs the service with the embedded simulator and flies a demo delivery. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
let child: ChildProcess | undefined;
afterAll(() => void child?.kill('SIGTERM'));

describe('quick start: npm start', () => {
  it('prints the map URL with a token; the API shows two simulated vehicles; the demo delivery flies to delivered', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'elbflug-start-'));
    // as `npm start` runs it: the precompiled bundle (scripts/run-built.mjs), not the sources through tsx
    child = spawn(process.execPath, ['scripts/run-built.mjs', 'src/main.ts', '--port', '0', '--data-dir', dataDir, '--speed', '25'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELBFLUG_LOG_LEVEL: 'warn' } });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (re: RegExp, ms: number): Promise<RegExpMatchArray> => {
      const end = Date.now() + ms;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (Date.now() > end) throw new Error(`no ${re} in output:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const [, url, token] = await until(/elbflug is running: (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]+)/, 30_000);
    const api = async (path: string) => (await fetch(`${url}/api${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
    let vehicles: { id: string }[] = [];
    for (let i = 0; i < 50 && vehicles.length < 2; i++) {
      vehicles = (await api('/vehicles')) as { id: string }[];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(vehicles.map((v) => v.id).sort()).toEqual(['sim/1', 'sim/2']);
    // the first simulated vehicle ready takes it (their streams start at different phases, as real PX4s do)
    await until(/demo: sim\/[12] is flying the delivery/, 60_000);
    const end = Date.now() + 60_000;
    let state = '';
    while (Date.now() < end && state !== 'delivered') {
      const list = (await api('/deliveries')) as { state: string }[];
      state = list[0]?.state ?? '';
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(state).toBe('delivered');
    expect((await fetch(`${url}/api/vehicles`)).status).toBe(401);
  }, 150_000);

  it('npm start -- --help lists the options: real links, no simulator, port, data dir', () => {
    const r = spawnSync('npm', ['start', '--silent', '--', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const opt of ['--link <url...>', '--no-sim', '--port <port>', '--data-dir <dir>', '--config <file>', '--vehicles <n>', '--speed <x>']) expect(r.stdout).toContain(opt);
    expect(r.stdout).toMatch(/udpin:\/\/0\.0\.0\.0:14550/);
  }, 60_000);
});
