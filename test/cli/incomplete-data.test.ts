/**
 * `npm run plan` refuses an airspace or obstacle file with features its importer could not read, as
 * the service's start does (session 7, redteam): it printed "N feature(s) skipped" and planned, or
 * `--check`ed a mission, as if the unread prohibited zone did not exist. `--allow-skipped` plans
 * without them deliberately.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/plan.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'elbflug-cli-incomplete-'));
const hamburg = JSON.parse(readFileSync(join(root, 'missions/airspace/hamburg.ed269.json'), 'utf8')) as { features: unknown[] };
const unreadable = { identifier: 'TST98', country: 'DEU', name: 'daylight zone', type: 'COMMON', restriction: 'PROHIBITED', zoneAuthority: [{ name: 't' }],
  applicability: [{ permanent: 'NO', schedule: [{ day: ['ANY'], startEvent: 'SR', endEvent: 'SS' }] }],
  geometry: [{ uomDimensions: 'M', lowerLimit: 0, lowerVerticalReference: 'AGL', upperLimit: 120, upperVerticalReference: 'AGL', horizontalProjection: { type: 'Circle', center: [10.0, 53.575], radius: 300 } }] };
const airspace = join(dir, 'airspace.json');
writeFileSync(airspace, JSON.stringify({ ...hamburg, features: [...hamburg.features, unreadable] }));
const H2 = ['--from', '53.5914,9.9767', '--to', '53.5592,10.0181', '--consent', 'HHH01,HHH02'];

async function plan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const code = await main(args, (s) => (stdout += s), (s) => (stderr += s));
  return { code, stdout, stderr };
}

describe('npm run plan with an airspace file it cannot read whole', () => {
  it('refuses, naming the feature and the way out', async () => {
    const r = await plan([...H2, '--airspace', airspace]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--airspace .*airspace\.json: 1 problem\(s\) made features unreadable.*TST98.*daylight events.*--allow-skipped/);
  });

  it('--check refuses too', async () => {
    const r = await plan(['--check', join(root, 'missions/plans/rathaus-delivery.plan'), '--airspace', airspace]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/TST98/);
  });

  it('--allow-skipped plans without it, and says so on stderr', async () => {
    const r = await plan([...H2, '--airspace', airspace, '--allow-skipped']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 feature\(s\) skipped \(first: TIME_INVALID/);
    expect((JSON.parse(r.stdout) as { route: { legs: unknown[] } }).route.legs.length).toBeGreaterThan(0);
  });
});
