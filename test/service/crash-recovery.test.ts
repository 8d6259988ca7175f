/**
 * Crash safety: the service is killed with SIGKILL during a flight and started again. The
 * vehicle (a simulator in its own process, like a real drone) flies on; after the restart the
 * delivery, its transitions and the track up to the kill are there, and the flight state is
 * recovered from the vehicle: the delivery reaches "delivered".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATOR } from './rig.js';

const ROOT = join(import.meta.dirname, '../..');
const FROM = { lat: 53.57, lon: 9.99 };
const TO = { lat: 53.576, lon: 9.999 };
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** `args` run through tsx; `npm start`'s precompiled bundle (scripts/run-built.mjs) for the service. */
function start(args: string[], bundle = false): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [...(bundle ? ['scripts/run-built.mjs'] : ['--import', 'tsx']), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startService(config: string): Promise<{ child: ChildProcess; api: (path: string, init?: RequestInit) => Promise<Response> }> {
  // As `npm start` runs it (the bundle): a restart takes about half the time of tsx compiling every source.
  const s = start(['src/main.ts', '--config', config, '--no-demo-flight'], true);
  const url = await until('the service URL', () => /elbflug is running: (http:\/\/127\.0\.0\.1:\d+)/.exec(s.output())?.[1], 30_000);
  const api = (path: string, init: RequestInit = {}) => fetch(`${url}/api${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR}` } });
  return { child: s.child, api };
}

describe('crash safety: kill -9 of the service during a flight', () => {
  it('keeps every acknowledged record and recovers the flight from the vehicle', async () => {
    const port = await freeUdpPort();
    const dataDir = mkdtempSync(join(tmpdir(), 'elbflug-crash-'));
    // The drone outlives the service. Its data-link-loss timeout (COM_DL_LOSS_T) is 150 simulated s,
    // 30 s of wall time at 5×: longer than a restart through tsx on a busy CI machine (which took
    // over 10 s and triggered PX4's link-loss RTL), so this test judges crash recovery, not a race.
    // The battery follows the delivery quad's profile (not SITL's 30 s drain).
    const scenario = join(dataDir, 'drone.json');
    writeFileSync(scenario, JSON.stringify({ speed: 5, vehicles: [{ home: { ...FROM, altAmsl: 10 }, battery: { kind: 'energy', capacityWh: 700, hoverPowerW: 1100, dragWPerMps3: 0, climbWPerMps: 133, translationalLiftFraction: 0.18 }, params: { COM_DL_LOSS_T: 150 } }] }));
    start(['sim/cli.ts', '--scenario', scenario, '--gcs', `udpout://127.0.0.1:${port}`, '--base-port', '0', '--quiet']);
    const config = join(dataDir, 'config.json');
    writeFileSync(config, JSON.stringify({ http: { host: '127.0.0.1', port: 0 }, dataDir, links: [{ url: `udpin://127.0.0.1:${port}`, name: 'px4' }], simulator: { enabled: false, vehicles: 0, speed: 1, home: { ...FROM, altAmslM: 10 } }, auth: { tokens: [{ token: OPERATOR, role: 'operator', name: 'olga' }] }, log: { level: 'warn' } }));

    let svc = await startService(config);
    await until('a ready vehicle', async () => {
      const v = (await (await svc.api('/vehicles')).json()) as { id: string; systemStatus?: string; position?: unknown }[];
      return v.find((x) => x.id === 'px4/1' && x.systemStatus === 'STANDBY' && x.position) ? true : undefined;
    }, 30_000);
    const created = (await (await svc.api('/deliveries', { method: 'POST', body: JSON.stringify({ from: FROM, to: TO }) })).json()) as { id: string };
    const launch = await svc.api(`/deliveries/${created.id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle: 'px4/1' }) });
    expect(launch.status, await launch.clone().text()).toBe(200);
    await until('track points', async () => {
      const f = (await (await svc.api('/flights')).json()) as { trackPoints: number }[];
      return (f[0]?.trackPoints ?? 0) >= 4 ? true : undefined;
    }, 30_000);
    const before = (await (await svc.api('/flights')).json()) as { id: string; trackPoints: number }[];
    svc.child.kill('SIGKILL');
    await new Promise((r) => svc.child.once('exit', r));

    svc = await startService(config);
    const kept = (await (await svc.api(`/deliveries/${created.id}`)).json()) as { state: string; transitions: { to: string }[] };
    expect(kept.transitions.map((t) => t.to)).toEqual(['planned', 'uploading', 'ready', 'in_flight']);
    const after = (await (await svc.api('/flights')).json()) as { id: string; trackPoints: number }[];
    expect(after[0]!.id).toBe(before[0]!.id);
    expect(after[0]!.trackPoints).toBeGreaterThanOrEqual(before[0]!.trackPoints);
    const done = await until('delivered after the restart', async () => {
      const d = (await (await svc.api(`/deliveries/${created.id}`)).json()) as { state: string; transitions: { to: string }[] };
      return d.state === 'in_flight' ? undefined : d;
    }, 60_000);
    expect(done.state).toBe('delivered');
    const audit = (await (await svc.api('/flights')).json()) as { endedAt: string | null }[];
    expect(audit[0]!.endedAt).not.toBeNull();
  }, 150_000);
});
