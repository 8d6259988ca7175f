/**
 * `npm run plan`: argument parsing as a table, and the real CLI spawned as a process on the
 * Hamburg scenario H2 (UKE → St. Georg) (json, geojson, a refusal, an ED-318 airspace file); the
 * plan/wpl formats and a usage error through the same `main` in-process, to save tsx start-ups.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/plan.js';
import { CliUsageError, parsePlanArgs } from '../../src/cli/plan-args.js';
import { parseQgcPlan } from '../../src/mission/qgc-plan.js';
import { parseWpl } from '../../src/mission/wpl.js';

const root = join(import.meta.dirname, '../..');
const H2 = ['--from', '53.5914,9.9767', '--to', '53.5592,10.0181'];

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/plan.ts', ...args], { cwd: root, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('parsePlanArgs', () => {
  it('defaults', () => {
    expect(parsePlanArgs(H2)).toEqual({
      from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, consents: [], profile: 'specific-bvlos-delivery',
      vehicle: 'delivery-quad', mode: 'land', format: 'json', groundAmslM: 10,
    });
  });

  it('every option', () => {
    const a = parsePlanArgs([...H2, '--consent', 'HHH01, HHH02', '--airspace', 'x.json', '--profile', 'p.json', '--at', '2026-05-04T10:00:00Z',
      '--vehicle', 'small-quad', '--wind', '8@270', '--mode', 'drop-and-return', '--format', 'geojson', '--ground-amsl', '12', '--corridor', '20']);
    expect(a).toMatchObject({ consents: ['HHH01', 'HHH02'], airspace: 'x.json', profile: 'p.json', at: '2026-05-04T10:00:00Z', vehicle: 'small-quad',
      wind: { speedMps: 8, fromDeg: 270 }, mode: 'drop-and-return', format: 'geojson', groundAmslM: 12, corridorHalfWidthM: 20 });
  });

  it.each([
    [['--to', '53.5592,10.0181'], /give --from and --to \(or --check FILE\); missing --from/],
    [['--from', '53.5914', '--to', '53.5592,10.0181'], /--from "53.5914": write latitude,longitude/],
    [['--from', '95,9.9', '--to', '53.5592,10.0181'], /--from "95,9.9"/],
    [[...H2, '--wind', '8'], /--wind "8": write speed@direction/],
    [[...H2, '--wind', '8@400'], /--wind "8@400"/],
    [[...H2, '--mode', 'hover'], /--mode.*hover/],
    [[...H2, '--format', 'kml'], /--format.*kml/],
    [[...H2, '--ground-amsl', 'high'], /--ground-amsl "high"/],
  ])('refuses %j naming the option', (argv, msg) => {
    expect(() => parsePlanArgs(argv)).toThrow(CliUsageError);
    expect(() => parsePlanArgs(argv)).toThrow(msg);
  });
});

/** The same entry point in-process (no tsx start-up): for formats already covered by a spawned run. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const code = await main(args, (s) => void (stdout += s), (s) => void (stderr += s));
  return { code, stdout, stderr };
}

describe('npm run plan (spawned)', () => {
  it.concurrent('json: route, mission, fence, rally, PX4 parameters, validation', async () => {
    const r = await run([...H2, '--consent', 'HHH01,HHH02']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.route.distanceM).toBeGreaterThan(4400);
    expect(out.mission.map((i: { command: number }) => i.command)).toEqual([22, 178, 16, 21]);
    expect(out.fence.items).toBeLessThanOrEqual(64);
    expect(out.rally.length).toBeGreaterThan(0);
    expect(out.px4Params.find((p: { name: string }) => p.name === 'RTL_TYPE').value).toBe(0);
    expect(out.validation).toMatchObject({ ok: true });
  });

  it.concurrent('geojson: the route is a LineString with kind "route" and [lon, lat, heightAglM]', async () => {
    const r = await run([...H2, '--consent', 'HHH01,HHH02', '--format', 'geojson']);
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.stdout);
    const route = fc.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'route');
    expect(route.geometry.type).toBe('LineString');
    expect(route.geometry.coordinates[0]).toEqual([9.9767, 53.5914, 0]);
    expect(route.geometry.coordinates.every((c: number[]) => c.length === 3)).toBe(true);
    expect(new Set(fc.features.map((f: { properties: { kind: string } }) => f.properties.kind))).toEqual(new Set(['route', 'corridor', 'fence', 'rally', 'home', 'mission']));
  });

  it('plan (in-process): drop-and-return in wind reads back as a QGC plan with DO_GRIPPER, fence and rally', async () => {
    const r = await inProcess([...H2, '--consent', 'HHH01,HHH02', '--format', 'plan', '--mode', 'drop-and-return', '--wind', '8@270', '--vehicle', 'delivery-quad']);
    expect(r.code).toBe(0);
    const p = parseQgcPlan(r.stdout);
    expect(p.mission.filter((i) => i.command === 211)).toHaveLength(1);
    expect(p.fence.length).toBeGreaterThan(3);
    expect(p.rally.length).toBeGreaterThan(0);
    expect(p.plannedHome).toEqual({ lat: 53.5914, lon: 9.9767, altAmslM: 10 });
  });

  it('wpl (in-process): home at line 0, tabs and CRLF', async () => {
    const r = await inProcess([...H2, '--consent', 'HHH01,HHH02', '--format', 'wpl']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[1]).toBe('0\t1\t0\t16\t0\t0\t0\t0\t53.5914\t9.9767\t10\t1');
    expect(parseWpl(r.stdout).convention).toBe('home-at-0');
  });

  it.concurrent('a refusal exits 2 with code, rule and zone on stderr and nothing on stdout', async () => {
    const r = await run(H2);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^refused \(START_IN_ZONE; rule LUFTVO-21H-3-10, zone HHH01\): .*HHH01/);
  });

  it('a usage error (in-process) exits 1 and names the option', async () => {
    const r = await inProcess(['--from', '53.5914,9.9767', '--to', 'St. Georg']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/usage: --to "St. Georg": write latitude,longitude/);
  });

  it('--check (in-process): the Rathaus plan crosses HHG01 without consent (exit 2, item named) and is legal with it', async () => {
    const bad = await inProcess(['--check', 'missions/plans/rathaus-delivery.plan']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ format: 'plan', items: 7, ok: false });
    expect(bad.stderr).toMatch(/^warning: 5 item\(s\) in frame 6\/11 .*QGroundControl opens them as Absolute.*\nnot flyable: \d+ obstacle violation\(s\)\nitem 0: HHG01 LUFTVO-21H-3-4: /);
    const good = await inProcess(['--check', 'missions/plans/rathaus-delivery.plan', '--consent', 'HHG01']);
    expect([good.code, JSON.parse(good.stdout).ok]).toEqual([0, true]);
    const wpl = await inProcess(['--check', 'missions/plans/h2-uke-st-georg.waypoints', '--consent', 'HHH01,HHH02']);
    expect([wpl.code, JSON.parse(wpl.stdout).format]).toEqual([0, 'wpl']);
    const zurich = await inProcess(['--check', 'test/mission/fixtures/qgc-sample.plan', '--ground-amsl', '480']);
    expect(zurich.code).toBe(0); // Zurich: no Hamburg zone there
  });

  it('--check names item and cause: QGC\'s PX4SITL plan (AltitudeMode 3, params[6] null) and a latitude of 91', async () => {
    const sitl = await inProcess(['--check', 'test/fixtures/missions-real-world/qgc-PX4SITL-PX4-MultiRotor.plan', '--ground-amsl', '488']);
    expect(sitl.code).toBe(2); // item 3 flies at 638 m AMSL = 150 m above the 488 m ground: over the ceiling
    expect(sitl.stderr).toMatch(/\nitem 3: +HEIGHT-CEILING-120: height 150\.1 m AGL/);
    expect(sitl.stderr).toMatch(/^warning: mission\.items\.5\.params\.6 \(item 5\): AltitudeMode 3 \(CalcAboveTerrain\) with params\[6\] null.*80 m above the terrain/m);
    expect(JSON.parse(sitl.stdout).fileWarnings).toHaveLength(2);
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-check-'));
    const bad = JSON.parse(readFileSync('test/mission/fixtures/qgc-sample.plan', 'utf8')) as { mission: { items: { params: number[] }[] } };
    bad.mission.items[1]!.params[4] = 91;
    writeFileSync(join(dir, 'lat91.plan'), JSON.stringify(bad));
    const r = await inProcess(['--check', join(dir, 'lat91.plan')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^PLAN_INVALID: invalid \.plan file: mission\.items\.1\.params\.4: latitude 91 is out of range −90…90 \(item 1\)/);
  });

  it.concurrent('--airspace takes an ED-318 file (Stockholm sample): the route goes around its zone', async () => {
    const r = await run(['--airspace', 'test/airspace/fixtures/in/ed318-sample.json', '--from', '59.325,18.04', '--to', '59.345,18.09']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.route.legs.length).toBeGreaterThan(3);
    expect(out.validation.ok).toBe(true);
  });
});
