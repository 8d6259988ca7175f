/**
 * Signing provisioning (issue 12) against the simulator on real UDP: the service (link "radio",
 * keys per vehicle, unsigned frames still accepted) and three simulated PX4s that do not sign yet.
 * An engineer provisions vehicle 1 through the API and vehicle 2 through the CLI: each is sent
 * SETUP_SIGNING with its own configured key, signs from then on, and its unsigned frames are
 * refused. The key is in no answer, no audit entry, no CLI output. Operators and viewers may not;
 * a vehicle without a key and one that ignores SETUP_SIGNING (like PX4 v1.16) get typed errors.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { common } from '../../firmware-bridge/codec/dialect.js';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { FrameScanner } from '../../firmware-bridge/codec/frame.js';
import { decodeFrame } from '../../firmware-bridge/codec/decode.js';
import { SETUP_SIGNING_ATTEMPTS } from '../../src/fleet/provision-signing.js';
import { startFleet, type Fleet as SimFleet } from '../../sim/runtime/fleet.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';
import { OPERATOR, startTestService, testConfig, VIEWER, waitFor } from '../service/rig.js';

const ENGINEER = 'test-engineer-token-0123456789a';
const KEYS = new Map([1, 2, 4].map((s) => [s, Buffer.alloc(32, 0x30 + s)]));
const ROOT = join(import.meta.dirname, '../..');
let svc: Awaited<ReturnType<typeof startTestService>>;
let sim: SimFleet;
let port: number;

async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const p = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

function noKeyIn(text: string): void {
  for (const k of KEYS.values()) {
    expect(text).not.toContain(k.toString('hex'));
    expect(text).not.toContain(k.toString('base64'));
    expect(text).not.toContain(JSON.stringify([...k]).slice(1, -1));
  }
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'elbflug-prov-'));
  const vehicles = [...KEYS].map(([sysid, key]) => {
    const keyFile = join(dir, `v${sysid}.key`);
    writeFileSync(keyFile, key.toString('hex'), { mode: 0o600 });
    return { sysid, keyFile };
  });
  port = await freePort();
  svc = await startTestService(
    testConfig({
      auth: { tokens: [{ token: OPERATOR, role: 'operator', name: 'olga' }, { token: VIEWER, role: 'viewer', name: 'viktor' }, { token: ENGINEER, role: 'engineer', name: 'erik' }] },
      simulator: { enabled: false, vehicles: 0 },
      links: [{ name: 'radio', url: `udpin://127.0.0.1:${port}` }],
      mavlink: { signing: [{ link: 'radio', require: false, vehicles }] },
    }),
  );
  sim = await startFleet({ vehicles: 3, speed: 5, basePort: 0, highRateHz: 0, gcs: `udpout://127.0.0.1:${port}` });
  await waitFor('three vehicles', async () => (svc.fleet.vehicles().length === 3 ? true : undefined), 20_000);
}, 60_000);
afterAll(async () => {
  await sim?.close();
  await svc?.close();
});

const provision = (vehicle: string, token: string) => svc.api(`/vehicles/${vehicle}/signing`, { method: 'POST', token });

describe('provisioning MAVLink 2 signing (issue 12)', () => {
  it('an engineer provisions radio/1: SETUP_SIGNING with its key, it signs from then on, its unsigned frames are refused; no key anywhere', async () => {
    const res = await provision('radio/1', ENGINEER);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const body = JSON.parse(text) as { vehicle: string; signed: boolean; attempts: number; signedFrames: number };
    expect(body).toMatchObject({ vehicle: 'radio/1', signed: true });
    expect(body.attempts).toBeGreaterThanOrEqual(1);
    expect(body.signedFrames).toBeGreaterThanOrEqual(4);
    noKeyIn(text);
    // The simulated PX4 now checks signatures with vehicle 1's key (it refuses unsigned frames).
    const simLink = sim.vehicles[0]!.sim.ports[0]!.link;
    expect(simLink.signingKeyFor(1)).toEqual(KEYS.get(1));
    // A forged unsigned heartbeat for radio/1 is refused and counted; radio/3 still talks unsigned.
    const before = svc.fleet.linkStats()[0]!.stats.unsignedRejected;
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.send(new Encoder({ sysid: 1, compid: 1 }).encode(heartbeat(0x05040000, 0x1d | 0x80)), port, '127.0.0.1', () => r()));
    s.close();
    await waitFor('the unsigned frame refused', async () => (svc.fleet.linkStats()[0]!.stats.unsignedRejected > before ? true : undefined), 5000);
    expect(svc.fleet.vehicle('radio/1')!.session.state.armed).toBe(false);
    // ...and raised SIGNING_STOPPED (radio/1 signs now), stored for GET /api/alerts.
    const alerts = await waitFor('SIGNING_STOPPED stored', async () => {
      const list = (await (await svc.api('/alerts')).json()) as { code: string; vehicleId: string }[];
      return list.some((a) => a.code === 'SIGNING_STOPPED') ? list : undefined;
    }, 5000);
    expect(alerts.find((a) => a.code === 'SIGNING_STOPPED')!.vehicleId).toBe('radio/1');
    // Commands still work (signed with vehicle 1's key).
    const hold = await svc.api('/vehicles/radio/1/commands', { method: 'POST', body: JSON.stringify({ command: 'hold' }) });
    expect(hold.status, await hold.clone().text()).toBe(200);
    const audit = await svc.store.listAudit({});
    const entry = audit.find((a) => a.action === 'vehicle.signing.setup');
    expect(entry).toMatchObject({ actor: { name: 'erik', role: 'engineer' }, result: 'ok' });
    noKeyIn(JSON.stringify(audit));
  });

  it('the CLI provisions radio/2 with the engineer token from the environment and prints no key', async () => {
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/signing.ts', 'setup', 'radio/2', '--url', svc.url], { cwd: ROOT, env: { ...process.env, ELBFLUG_TOKEN: ENGINEER } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('"vehicle":"radio/2"');
    noKeyIn(out.stdout + out.stderr);
    expect(sim.vehicles[1]!.sim.ports[0]!.link.signingKeyFor(2)).toEqual(KEYS.get(2));
  }, 60_000);

  it('operators and viewers may not provision (403); a vehicle without a configured key gets SIGNING_NO_KEY; an unknown one VEHICLE_UNKNOWN', async () => {
    for (const token of [OPERATOR, VIEWER]) {
      const r = await provision('radio/3', token);
      expect(r.status).toBe(403);
      expect(((await r.json()) as { code: string }).code).toBe('FORBIDDEN');
    }
    const none = await provision('radio/3', ENGINEER);
    expect(none.status).toBe(409);
    expect(((await none.json()) as { code: string }).code).toBe('SIGNING_NO_KEY');
    const unknown = await provision('radio/99', ENGINEER);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('VEHICLE_UNKNOWN');
    expect(sim.vehicles[2]!.sim.ports[0]!.link.signingKeyFor(3)).toBeUndefined();
  });

  it('a vehicle that ignores SETUP_SIGNING (PX4 v1.16) gets SIGNING_NOT_CONFIRMED after the attempts and stays accepted unsigned', async () => {
    // A PX4-like peer as sysid 4 that sends unsigned heartbeats and never takes a key.
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    const enc = new Encoder({ sysid: 4, compid: 1 });
    const setups: common.SetupSigning[] = [];
    const scanner = new FrameScanner();
    s.on('message', (m) => scanner.push(m, (f) => {
      const d = decodeFrame(f);
      if (d instanceof common.SetupSigning) setups.push(d);
    }, true));
    const beat = (): void => void s.send(enc.encode(heartbeat()), port, '127.0.0.1');
    const timer = setInterval(beat, 200);
    try {
      beat();
      await waitFor('radio/4', async () => svc.fleet.vehicle('radio/4'), 5000);
      const res = await provision('radio/4', ENGINEER);
      const body = (await res.json()) as { code: string; details: { attempts: number } };
      expect(res.status).toBe(504);
      expect(body.code).toBe('SIGNING_NOT_CONFIRMED');
      expect(body.details.attempts).toBe(SETUP_SIGNING_ATTEMPTS);
      expect(setups).toHaveLength(SETUP_SIGNING_ATTEMPTS);
      expect(setups[0]!.targetSystem).toBe(4);
      expect(Buffer.from(setups[0]!.secretKey)).toEqual(KEYS.get(4)); // the vehicle's own key, in SETUP_SIGNING only
      noKeyIn(JSON.stringify(body));
      // Not locked out: its unsigned heartbeats are still taken.
      const rx = svc.fleet.linkStats()[0]!.stats.messages['HEARTBEAT']?.count ?? 0;
      await waitFor('another heartbeat', async () => ((svc.fleet.linkStats()[0]!.stats.messages['HEARTBEAT']?.count ?? 0) > rx + 2 ? true : undefined), 5000);
      const audit = await svc.store.listAudit({});
      expect(audit.find((a) => a.action === 'vehicle.signing.setup' && a.result === 'error')?.error).toMatchObject({ code: 'SIGNING_NOT_CONFIRMED' });
    } finally {
      clearInterval(timer);
      s.close();
    }
  }, 30_000);
});
