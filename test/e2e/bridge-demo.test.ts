/** `npm run demo:bridge` does what the README promises: a simulated delivery, flown through firmware-bridge alone and logged. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTlog } from '../../firmware-bridge/tlog/reader.js';

const ROOT = join(import.meta.dirname, '../..');

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/bridge-demo-cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('bridge demo: npm run demo:bridge', () => {
  it('flies the Rathaus delivery in the embedded simulator, verified uploads, every item reached, tlog written', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'elbflug-demo-'));
    const { code, out } = await run(['--speed', '20', '--data-dir', dataDir, '--timeout', '60']);
    expect(out).toContain('mission: 7 items uploaded and read back identical (opaque_id 3971944974)');
    expect(out).toMatch(/\[INFO\] Mission finished, landed/);
    expect(out).toContain('delivered: reached items 0, 1, 2, 3, 4, 5, 6; landed at 53.5585');
    expect(code).toBe(0);
    const logs = readdirSync(dataDir).filter((f) => f.endsWith('.tlog'));
    expect(logs).toHaveLength(1);
    let packets = 0;
    for await (const _ of readTlog(join(dataDir, logs[0]!))) packets++;
    expect(packets).toBeGreaterThan(1000);
  }, 120_000);

  it('rejects a bad connection URL naming the bad part', async () => {
    const { code, out } = await run(['--connect', 'udpin://0.0.0.0:99999']);
    expect(code).not.toBe(0);
    expect(out).toContain('port 99999 is out of range');
  });
});
