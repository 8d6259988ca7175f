/**
 * MAVLink 2 signing end to end on real UDP: the simulated PX4 signs and checks with a key (as PX4
 * with signing on), the service's link requires it; unsigned, forged and replayed frames are
 * rejected and counted; a vehicle that stops signing raises an event; key files are checked; our
 * timestamps never go backwards across restarts.
 */
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { Signer, setupSigningMessage, signingNow } from '../../firmware-bridge/codec/signing.js';
import { MavlinkLink, type LinkEvent } from '../../firmware-bridge/link/link.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { VehicleRegistry } from '../../firmware-bridge/vehicle/registry.js';
import { readKeyFile, SigningReplayWindows, SigningTimestamps, TIMESTAMP_RESERVE_10US } from '../../src/fleet/signing-keys.js';
import { startFleet } from '../../sim/runtime/fleet.js';
import { until } from '../firmware-bridge/helpers/links.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';

const KEY = Buffer.alloc(32, 7);
const WRONG = Buffer.alloc(32, 8);
const closers: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('MAVLink 2 signing (issue 12)', () => {
  it('a signing simulated PX4 and a link that requires signing talk; unsigned, wrongly signed and replayed frames are rejected and counted', async () => {
    const transport = await UdpInTransport.open('127.0.0.1', 0);
    const link = new MavlinkLink(transport, { signing: { key: KEY, unsigned: 'reject' } });
    const registry = new VehicleRegistry(link);
    closers.push(() => link.close(), () => registry.close());
    const sim = await startFleet({ vehicles: 1, speed: 5, basePort: 0, highRateHz: 0, gcs: `udpout://127.0.0.1:${transport.localPort}`, signing: { key: KEY } });
    closers.push(() => sim.close());
    await until(() => registry.get(1)?.state.systemStatus === 'STANDBY', 20_000);
    // The simulated PX4 accepted our signed heartbeats and commands: it answers a signed command.
    const ack = await registry.get(1)!.commands.setMode('Hold');
    expect(ack).toBeDefined();
    const before = link.stats();
    const attacker = createSocket('udp4');
    closers.push(() => new Promise<void>((r) => attacker.close(() => r())));
    const send = (b: Buffer): Promise<void> => new Promise((r) => attacker.send(b, transport.localPort, '127.0.0.1', () => r()));
    await send(new Encoder({ sysid: 1, compid: 1 }).encode(heartbeat(0x05040000, 0x1d | 0x80))); // unsigned "armed, RTL"
    await send(new Encoder({ sysid: 1, compid: 1 }, new Signer(WRONG)).encode(heartbeat(0x05040000, 0x1d | 0x80))); // wrong key
    const signed = new Encoder({ sysid: 1, compid: 1 }, new Signer(KEY, 3)).encode(heartbeat(0x05040000, 0x1d | 0x80));
    await send(signed); // a valid signature (the key leaked): accepted once as a new stream...
    await send(signed); // ...but its replay is refused
    await until(() => link.stats().unsignedRejected > before.unsignedRejected && link.stats().signatureRejected >= before.signatureRejected + 2);
    expect(link.stats().unsignedRejected - before.unsignedRejected).toBe(1);
    expect(link.stats().signatureRejected - before.signatureRejected).toBe(2);
    expect(transport.knownPeers()).toHaveLength(1); // the forger's address was never learned
  });

  it('provisioning: SETUP_SIGNING to an unsigned simulated PX4, then both sides sign and unsigned frames are refused by the vehicle', async () => {
    const transport = await UdpInTransport.open('127.0.0.1', 0);
    const link = new MavlinkLink(transport);
    const registry = new VehicleRegistry(link);
    closers.push(() => link.close(), () => registry.close());
    const sim = await startFleet({ vehicles: 1, speed: 5, basePort: 0, highRateHz: 0, gcs: `udpout://127.0.0.1:${transport.localPort}` });
    closers.push(() => sim.close());
    await until(() => registry.get(1)?.state.systemStatus === 'STANDBY', 20_000);
    await link.send(setupSigningMessage({ system: 1, component: 1 }, KEY, signingNow(Date.now())), 1);
    link.setSigning({ key: KEY, unsigned: 'reject' });
    let signedSeen = 0;
    link.onMessage((m) => {
      if (m.frame.sysid === 1 && m.frame.signature) signedSeen++;
    });
    await until(() => signedSeen >= 3, 20_000);
    // Our signed command is accepted; an unsigned frame from us is now refused by the vehicle.
    await expect(registry.get(1)!.commands.setMode('Hold')).resolves.toBeDefined();
    const simLink = sim.vehicles[0]!.sim.ports[0]!.link;
    const before = simLink.stats().unsignedRejected;
    link.setSigning(undefined);
    await link.send(heartbeat(), 1).catch(() => undefined);
    await until(() => simLink.stats().unsignedRejected > before, 10_000);
  });

  it('a vehicle that signed and then sends unsigned frames raises signing-stopped once (links that accept unsigned frames)', () => {
    const transport = { description: 'test', datagram: true, onData: () => undefined, onClose: () => undefined, send: async () => undefined, close: async () => undefined };
    const link = new MavlinkLink(transport, { heartbeat: false, signing: { key: KEY, unsigned: 'accept' } });
    const events: LinkEvent[] = [];
    link.onEvent((e) => events.push(e));
    const signedEnc = new Encoder({ sysid: 4, compid: 1 }, new Signer(KEY));
    const plainEnc = new Encoder({ sysid: 4, compid: 1 });
    link.receive(plainEnc.encode(heartbeat())); // never signed: no event
    link.receive(signedEnc.encode(heartbeat()));
    link.receive(plainEnc.encode(heartbeat()));
    link.receive(plainEnc.encode(heartbeat()));
    expect(events).toEqual([{ kind: 'signing-stopped', sysid: 4 }]);
  });

  it('where signing is required, unsigned frames of a sysid that signed are refused and raise signing-stopped once per change', () => {
    const transport = { description: 'test', datagram: true, onData: () => undefined, onClose: () => undefined, send: async () => undefined, close: async () => undefined };
    const link = new MavlinkLink(transport, { heartbeat: false, signing: { key: KEY, unsigned: 'reject' } });
    const events: LinkEvent[] = [];
    link.onEvent((e) => events.push(e));
    const signedEnc = new Encoder({ sysid: 5, compid: 1 }, new Signer(KEY));
    const plainEnc = new Encoder({ sysid: 5, compid: 1 });
    link.receive(plainEnc.encode(heartbeat())); // never signed: refused, no event
    link.receive(signedEnc.encode(heartbeat()));
    link.receive(plainEnc.encode(heartbeat()));
    link.receive(plainEnc.encode(heartbeat()));
    link.receive(signedEnc.encode(heartbeat())); // signs again: the next unsigned one is news again
    link.receive(plainEnc.encode(heartbeat()));
    expect(events).toEqual([{ kind: 'signing-stopped', sysid: 5 }, { kind: 'signing-stopped', sysid: 5 }]);
    expect(link.stats().unsignedRejected).toBe(4);
    expect(link.stats().rxPackets).toBe(2);
  });

  it('key files: 32 raw bytes or 64 hex characters, refused when group/others may read them, and the key never in the message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-key-'));
    const hex = join(dir, 'hex.key');
    writeFileSync(hex, `${KEY.toString('hex')}\n`, { mode: 0o600 });
    expect(readKeyFile(hex, 'k')).toEqual(KEY);
    const raw = join(dir, 'raw.key');
    writeFileSync(raw, KEY, { mode: 0o400 });
    expect(readKeyFile(raw, 'k')).toEqual(KEY);
    chmodSync(hex, 0o644);
    expect(() => readKeyFile(hex, 'k')).toThrow(/readable by group or others.*chmod 600/);
    const short = join(dir, 'short.key');
    writeFileSync(short, 'deadbeef', { mode: 0o600 });
    try {
      readKeyFile(short, 'k');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('CONFIG_INVALID');
      expect((e as Error).message).not.toContain('deadbeef');
    }
    expect(() => readKeyFile(join(dir, 'missing.key'), 'k')).toThrow(/ENOENT/);
  });

  it('our signing timestamps never go backwards across a restart, even with the clock set back a day', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'elbflug-ts-')), 'signing-timestamps.json');
    const now = Date.UTC(2026, 11, 7, 12);
    const first = new SigningTimestamps(file);
    const signer = new Signer(KEY, 0, () => now, first.floor('radio') ?? 0, (ts) => first.advance('radio', ts));
    const enc = new Encoder({ sysid: 255, compid: 190 }, signer);
    for (let i = 0; i < 100; i++) enc.encode(heartbeat());
    const lastBefore = signer.lastTimestamp;
    expect(lastBefore).toBeGreaterThanOrEqual(signingNow(now));
    // "kill -9": nothing more is written; the restart reads the file with the clock a day behind.
    const second = new SigningTimestamps(file);
    expect(second.floor('radio')).toBe(lastBefore - 99 + TIMESTAMP_RESERVE_10US);
    const restarted = new Signer(KEY, 0, () => now - 86_400_000, second.floor('radio') ?? 0);
    new Encoder({ sysid: 255, compid: 190 }, restarted).encode(heartbeat());
    expect(restarted.lastTimestamp).toBeGreaterThan(lastBefore);
  });

  it('the receive replay windows survive a restart: frames captured before it are refused after it, fresh ones pass; a damaged file is harmless', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'elbflug-rx-')), 'signing-replay.json');
    const mem = () => ({ description: 'test', datagram: true, onData: () => undefined, onClose: () => undefined, send: async () => undefined, close: async () => undefined });
    const vehicle = new Encoder({ sysid: 1, compid: 1 }, new Signer(KEY, 0));
    const captured = [0, 1, 2].map(() => vehicle.encode(heartbeat()));
    const before = new MavlinkLink(mem(), { heartbeat: false, signing: { key: KEY, unsigned: 'reject' } });
    for (const f of captured) before.receive(f);
    expect(before.stats().rxPackets).toBe(3);
    new SigningReplayWindows(file).save(new Map([['radio', before.signingReplayState()!]])); // the service saves every 5 s and at close
    expect(statSync(file).mode & 0o077).toBe(0);
    const after = new MavlinkLink(mem(), { heartbeat: false, signing: { key: KEY, unsigned: 'reject', replayState: new SigningReplayWindows(file).load('radio') } });
    for (const f of captured) after.receive(f);
    expect(after.stats().rxPackets).toBe(0);
    expect(after.stats().signatureRejected).toBe(3);
    after.receive(vehicle.encode(heartbeat()));
    expect(after.stats().rxPackets).toBe(1);
    // Without the saved state the captured frames would open a "new stream" and pass.
    const unseeded = new MavlinkLink(mem(), { heartbeat: false, signing: { key: KEY, unsigned: 'reject' } });
    unseeded.receive(captured[2]!);
    expect(unseeded.stats().rxPackets).toBe(1);
    writeFileSync(file, JSON.stringify({ radio: { x: 1, '-4': 5, '65537': 'a', '65538': -1, '65539': 2 ** 60, '65540': 7 } }));
    expect(new SigningReplayWindows(file).load('radio')).toEqual(new Map([[65540, 7]]));
    writeFileSync(file, '{"radio": {"65540": 7'); // torn
    expect(new SigningReplayWindows(file).load('radio')).toEqual(new Map());
  });
});
