/**
 * `npm run plan` runs the CLI as one precompiled bundle (scripts/run-built.mjs): the same answer as
 * the sources under tsx, built when missing and rebuilt when a source is newer than the bundle.
 * Real processes; the bundle is the repository's own dist/cli/plan.js.
 */
import { execFile } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
