/** `npm run plan` with vertical obstacles: the TV-tower case (real process), --obstacles FILE / none / a bad file. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/plan.js';

const root = join(import.meta.dirname, '../..');
const TV = ['--from', '53.5600,9.9700', '--to', '53.5650,9.9820', '--consent', 'HHA01'];
type Out = { route: { distanceM: number; warnings: string[]; obstacles?: { clearance: { horizontalM: number }; passed: { id: string; horizontalM: number; inBand: boolean }[] } } };

async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const code = await main(args, (s) => void (stdout += s), (s) => void (stderr += s));
  return { code, stdout, stderr };
}

describe('plan CLI with obstacles', () => {
  it('npm run plan -- --from 53.5600,9.9700 --to 53.5650,9.9820 --consent HHA01 keeps 50 m from the television tower (default Hamburg set)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/plan.ts', ...TV], { cwd: root, timeout: 110_000 });
    const out = JSON.parse(stdout) as Out;
    const tv = out.route.obstacles?.passed.find((p) => p.id === 'HH-TVT');
    expect(tv?.inBand).toBe(true);
    expect(tv!.horizontalM).toBeGreaterThanOrEqual(49.99);
    expect(out.route.warnings.join(' ')).toMatch(/OBSTACLE-CLEARANCE.*went round Heinrich-Hertz-Turm/);
  }, 120_000);

  it('--obstacles none flies the straight line; --obstacles FILE loads AIXM', async () => {
    const none = JSON.parse((await inProcess([...TV, '--obstacles', 'none'])).stdout) as Out;
    expect(none.route.obstacles).toBeUndefined();
    const aixm = JSON.parse((await inProcess([...TV, '--obstacles', join(root, 'missions/obstacles/hamburg-sample.aixm.xml')])).stdout) as Out;
    expect(aixm.route.obstacles?.passed.map((p) => p.id)).toEqual(['6f1c1c1e-0001-4a00-9000-00000000a001']);
    expect(aixm.route.distanceM).toBeGreaterThan(none.route.distanceM);
  });

  it('a file that is not obstacle data exits 1 with the typed code', async () => {
    const r = await inProcess([...TV, '--obstacles', join(root, 'package.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^OBSTACLE_FORMAT_UNKNOWN: /);
  });
});
