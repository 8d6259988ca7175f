/**
 * A key per vehicle on a shared link (issue 12): two simulated PX4s, each signing with its own key,
 * talk to one udpin port on real UDP; each gets our frames signed with its key (and no other's); a
 * frame claiming one vehicle but signed with the other's key is refused, counted and alerted. The
 * keys come from key files in the configuration and never appear in an API answer.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { Signer } from '../../firmware-bridge/codec/signing.js';
import { MavlinkLink, type LinkEvent } from '../../firmware-bridge/link/link.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { VehicleRegistry } from '../../firmware-bridge/vehicle/registry.js';
import { loadSigningKeys } from '../../src/fleet/signing-keys.js';
import { startFleet } from '../../sim/runtime/fleet.js';
import { until } from '../firmware-bridge/helpers/links.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';
import { startTestService, testConfig, waitFor } from '../service/rig.js';

const K1 = Buffer.alloc(32, 0x11);
const K2 = Buffer.alloc(32, 0x22);
const closers: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('a key per vehicle on a shared link (issue 12)', () => {
  it('two simulated PX4s with their own keys on one port: both talk signed; a frame signed with the other vehicle’s key is refused, counted, alerted once', async () => {
    const transport = await UdpInTransport.open('127.0.0.1', 0);
    const link = new MavlinkLink(transport, { signing: { vehicleKeys: new Map([[1, K1], [2, K2]]), unsigned: 'reject' } });
    const registry = new VehicleRegistry(link);
    const events: LinkEvent[] = [];
    link.onEvent((e) => events.push(e));
    closers.push(() => link.close(), () => registry.close());
    const sim = await startFleet({ vehicles: 2, speed: 5, basePort: 0, highRateHz: 0, gcs: `udpout://127.0.0.1:${transport.localPort}`, signing: { vehicleKeys: new Map([[1, K1], [2, K2]]) } });
    closers.push(() => sim.close());
    await until(() => registry.get(1)?.state.systemStatus === 'STANDBY' && registry.get(2)?.state.systemStatus === 'STANDBY', 20_000);
    // Each vehicle accepts our commands, signed with its own key.
    await expect(registry.get(1)!.commands.setMode('Hold')).resolves.toBeDefined();
    await expect(registry.get(2)!.commands.setMode('Hold')).resolves.toBeDefined();
    // Our broadcast heartbeat reached each one signed with its key: both count the GCS as connected
    // and neither saw a frame it could not verify.
    await until(() => sim.status().every((s) => s.gcsConnected), 10_000);
    for (const v of sim.vehicles) expect(v.sim.ports[0]!.link.stats().signatureRejected).toBe(0);
    expect(link.stats().signatureRejected).toBe(0);

    // Vehicle 2 (or whoever took its key) poses as vehicle 1.
    const attacker = createSocket('udp4');
    closers.push(() => new Promise<void>((r) => attacker.close(() => r())));
    const send = (b: Buffer): Promise<void> => new Promise((r) => attacker.send(b, transport.localPort, '127.0.0.1', () => r()));
    const posing = new Encoder({ sysid: 1, compid: 1 }, new Signer(K2, 0));
    const before = link.stats();
    for (let i = 0; i < 3; i++) await send(posing.encode(heartbeat(0x05040000, 0x1d | 0x80)));
    await until(() => link.stats().otherVehicleKey - before.otherVehicleKey === 3);
    expect(link.stats().signatureRejected - before.signatureRejected).toBe(3);
    expect(events.filter((e) => e.kind === 'other-vehicle-key')).toEqual([{ kind: 'other-vehicle-key', sysid: 1 }]);
    expect(registry.get(1)!.state.armed).toBe(false);
    expect(transport.knownPeers()).toHaveLength(2); // the poser's address was never learned
  });

  it('keys per vehicle from key files; a sysid twice, a link without key and a readable key file are refused without showing the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-vk-'));
    const f1 = join(dir, 'v1.key');
    const f2 = join(dir, 'v2.key');
    writeFileSync(f1, K1.toString('hex'), { mode: 0o600 });
    writeFileSync(f2, K2, { mode: 0o600 });
    const keys = loadSigningKeys([{ link: 'radio', require: true, vehicles: [{ sysid: 1, keyFile: f1 }, { sysid: 2, keyFile: f2 }] }], ['radio']);
    expect(keys.get('radio')!.vehicleKeys).toEqual(new Map([[1, K1], [2, K2]]));
    expect(keys.get('radio')!.key).toBeUndefined();
    expect(() => loadSigningKeys([{ link: 'radio', require: true, vehicles: [{ sysid: 1, keyFile: f1 }, { sysid: 1, keyFile: f2 }] }], ['radio'])).toThrow(/sysid 1 has two keys/);
    expect(() => loadSigningKeys([{ link: 'radio', require: true, vehicles: [] }], ['radio'])).toThrow(/has no key/);
    expect(() => testConfig({ mavlink: { signing: [{ link: 'sim', require: true }] } })).toThrow(/needs keyFile .* or vehicles/);
    expect(() => testConfig({ mavlink: { signing: [{ link: 'sim', require: true, vehicles: [{ sysid: 0, keyFile: f1 }] }] } })).toThrow(/sysid/);
    const open = join(dir, 'open.key');
    writeFileSync(open, K1.toString('hex'), { mode: 0o644 });
    try {
      loadSigningKeys([{ link: 'radio', require: true, vehicles: [{ sysid: 3, keyFile: open }] }], ['radio']);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/vehicles\[0\]\.keyFile.*readable by group or others/);
      expect((e as Error).message).not.toContain(K1.toString('hex'));
    }
  });

  it('the service with a key per simulated vehicle: both ready, no key in any answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-vks-'));
    const f1 = join(dir, 'v1.key');
    const f2 = join(dir, 'v2.key');
    writeFileSync(f1, K1.toString('hex'), { mode: 0o600 });
    writeFileSync(f2, K2.toString('hex'), { mode: 0o600 });
    const config = testConfig({ simulator: { enabled: true, vehicles: 2, speed: 5 }, mavlink: { signing: [{ link: 'sim', require: true, vehicles: [{ sysid: 1, keyFile: f1 }, { sysid: 2, keyFile: f2 }] }] } });
    const svc = await startTestService(config);
    let running = true;
    closers.push(() => running && svc.close());
    await waitFor('both vehicles', async () => (svc.fleet.vehicles().length === 2 ? true : undefined), 20_000);
    const links = await (await svc.api('/links')).text();
    const stats = (JSON.parse(links) as { name: string; stats: { rxPackets: number; unsignedRejected: number; signatureRejected: number } }[]).find((l) => l.name === 'sim')!.stats;
    expect(stats.rxPackets).toBeGreaterThan(0);
    expect(stats.signatureRejected).toBe(0);
    // Commands reach both (signed in wall time although the link is paced by the simulation's clock).
    for (const v of ['sim/1', 'sim/2']) {
      const hold = await svc.api(`/vehicles/${v}/commands`, { method: 'POST', body: JSON.stringify({ command: 'hold' }) });
      expect(hold.status, await hold.clone().text()).toBe(200);
    }
    for (const path of ['/links', '/vehicles', '/alerts']) {
      const body = await (await svc.api(path)).text();
      for (const k of [K1, K2]) {
        expect(body).not.toContain(k.toString('hex'));
        expect(body).not.toContain(k.toString('base64'));
      }
    }
    // At close the receive replay windows of both vehicles' streams are saved (for the next start).
    await svc.close();
    running = false;
    const saved = JSON.parse(readFileSync(join(config.dataDir, 'signing-replay.json'), 'utf8')) as Record<string, Record<string, number>>;
    const sysids = new Set(Object.keys(saved.sim ?? {}).map((k) => Number(k) >> 16));
    expect([...sysids].sort()).toEqual([1, 2]);
  });
});
