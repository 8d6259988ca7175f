/**
 * `npm run plan` and `npm start` run one precompiled bundle each (scripts/run-built.mjs): the same
 * answer as the sources under tsx, built when missing and rebuilt when a source is newer than the
 * bundle; the bundled service finds the web map, the basemap and its planning worker. Real
 * processes; the bundles are the repository's own dist/cli/plan.js and dist/main.js.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const BUNDLE = join(root, 'dist/cli/plan.js');
const H2 = ['--from', '53.5914,9.9767', '--to', '53.5592,10.0181', '--consent', 'HHH01,HHH02'];

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: root, timeout: 90_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('scripts/run-built.mjs (npm run plan)', () => {
  it('plans H2 exactly as the sources do under tsx, and a usage error exits 1', async () => {
    const built = await run(['scripts/run-built.mjs', 'src/cli/plan.ts', ...H2]);
    const source = await run(['--import', 'tsx', 'src/cli/plan.ts', ...H2]);
    expect(built.code).toBe(0);
    expect(source.code).toBe(0);
    expect(built.stdout).toBe(source.stdout);
    expect(JSON.parse(built.stdout).validation).toMatchObject({ ok: true });
    const bad = await run(['scripts/run-built.mjs', 'src/cli/plan.ts', '--from', '1,2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('missing --to');
  });

  it('rebuilds a bundle older than its sources before running it', async () => {
    await run(['scripts/run-built.mjs', 'src/cli/plan.ts', '--help']); // built (or already fresh)
    utimesSync(BUNDLE, new Date(0), new Date(0)); // every source is now newer than the bundle
    const r = await run(['scripts/run-built.mjs', 'src/cli/plan.ts', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--from');
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses an entry outside the repository', async () => {
    const r = await run(['scripts/run-built.mjs', '../elsewhere.ts']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('not a source file inside the repository');
  });
});

describe('scripts/run-built.mjs src/main.ts (npm start)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => void child?.kill('SIGTERM'));

  it('serves the API, the web map and the basemap, and plans in its bundled worker thread', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'elbflug-built-'));
    child = spawn(process.execPath, ['scripts/run-built.mjs', 'src/main.ts', '--port', '0', '--data-dir', dataDir, '--no-sim', '--no-demo-flight'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELBFLUG_LOG_LEVEL: 'warn' } });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const end = Date.now() + 60_000;
    let m: RegExpExecArray | null;
    while (!(m = /elbflug is running: (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]+)/.exec(out))) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`the bundled service did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const [, url, token] = m;
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect(await (await fetch(`${url}/`)).text()).toContain('<html');
    expect((await fetch(`${url}/basemap/water.geojson`)).status).toBe(200);
    const plan = await fetch(`${url}/api/plan`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, consents: ['HHH01', 'HHH02'] }) });
    expect(plan.status).toBe(200);
    expect(Number(plan.headers.get('x-elbflug-plan-thread'))).toBeGreaterThan(0);
    expect(((await plan.json()) as { ok: boolean }).ok).toBe(true);
  }, 120_000);
});
