/**
 * Issue 12's link probes as regressions, on real UDP sockets on 127.0.0.1: the junk-datagram
 * hijack, the reflection, forged heartbeats from a second address, sysid 0, absurd values.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { common } from '../../firmware-bridge/codec/dialect.js';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { MavlinkLink, type LinkEvent } from '../../firmware-bridge/link/link.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { VehicleRegistry } from '../../firmware-bridge/vehicle/registry.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';
import { until } from '../firmware-bridge/helpers/links.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function udpSocket(): Promise<Socket & { received: Buffer[] }> {
  const s = Object.assign(createSocket('udp4'), { received: [] as Buffer[] });
  s.on('message', (m) => s.received.push(m));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  open.push({ close: () => new Promise<void>((r) => s.close(() => r())) });
  return s;
}

const sendTo = (s: Socket, port: number, b: Buffer): Promise<void> => new Promise((r) => s.send(b, port, '127.0.0.1', () => r()));

async function gcs(policy: { addressChangeFrames?: number; maxPeers?: number } = {}) {
  const transport = await UdpInTransport.open('127.0.0.1', 0, { policy });
  const link = new MavlinkLink(transport, { heartbeat: false });
  const registry = new VehicleRegistry(link);
  const events: LinkEvent[] = [];
  link.onEvent((e) => events.push(e));
  open.push({ close: () => (registry.close(), link.close()) });
  return { transport, link, registry, events, port: transport.localPort };
}

/** A disarmed PX4 heartbeat (base mode without the armed bit). */
const disarmed = () => heartbeat(0x03040000, 0x1d & ~0x80);
const armed = () => heartbeat(0x05040000, 0x1d | 0x80);

describe('link trust (issue 12 probes)', () => {
  it('2,500 junk datagrams from another port do not redirect a vehicle: the command goes to the vehicle, none to the attacker', async () => {
    const g = await gcs();
    const vehicle = await udpSocket();
    const attacker = await udpSocket();
    const enc = new Encoder({ sysid: 1, compid: 1 });
    await sendTo(vehicle, g.port, enc.encode(disarmed()));
    await until(() => g.registry.get(1) !== undefined);
    const junk = Buffer.from([0xfd, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    for (let i = 0; i < 2500; i++) await sendTo(attacker, g.port, junk);
    await sendTo(vehicle, g.port, enc.encode(disarmed())); // a barrier: the junk was read before it
    await until(() => g.link.stats().rxPackets === 2);
    await g.link.send(heartbeat(), 1);
    await until(() => vehicle.received.length === 1);
    expect(attacker.received).toHaveLength(0);
    expect(g.transport.knownPeers()).toEqual([`127.0.0.1:${vehicle.address().port}`]);
    expect(g.link.stats().bytesDiscarded).toBeGreaterThanOrEqual(2500 * 10);
  });

  it('300 sockets sending one garbage datagram each get nothing back (no reflection)', async () => {
    const g = await gcs();
    const vehicle = await udpSocket();
    const sockets = await Promise.all(Array.from({ length: 300 }, () => udpSocket()));
    for (const [i, s] of sockets.entries()) await sendTo(s, g.port, Buffer.from([0xfd, 9, 0, 0, i & 0xff, 1, 1, 0, 0, 0, 1, 2, 3]));
    await sendTo(vehicle, g.port, new Encoder({ sysid: 1, compid: 1 }).encode(disarmed()));
    await until(() => g.transport.knownPeers().length === 1);
    for (let i = 0; i < 5; i++) await g.link.send(heartbeat()); // broadcasts go to live peers only
    await until(() => vehicle.received.length === 5);
    expect(sockets.reduce((n, s) => n + s.received.length, 0)).toBe(0);
  });

  it('forged CRC-valid heartbeats from a second address are refused while the vehicle talks, with one conflict alert', async () => {
    const g = await gcs({ addressChangeFrames: 5 });
    const vehicle = await udpSocket();
    const forger = await udpSocket();
    const enc = new Encoder({ sysid: 1, compid: 1 });
    const forged = new Encoder({ sysid: 1, compid: 1 });
    await sendTo(vehicle, g.port, enc.encode(disarmed()));
    await until(() => g.registry.get(1) !== undefined);
    // The forger sends 4 armed/RTL heartbeats, the vehicle one, the forger 4 more: never 5 in a row.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await sendTo(forger, g.port, forged.encode(armed()));
      await sendTo(vehicle, g.port, enc.encode(disarmed()));
    }
    await until(() => g.link.stats().rxPackets === 4);
    expect(g.registry.get(1)!.state.armed).toBe(false);
    expect(g.link.stats().addressConflicts).toBe(12);
    expect(g.events.filter((e) => e.kind === 'conflict' && e.count === 1)).toHaveLength(3);
    await g.link.send(heartbeat(), 1);
    await until(() => vehicle.received.length === 1);
    expect(forger.received).toHaveLength(0);
  });

  it('a vehicle whose address really changed (old one silent) moves after addressChangeFrames valid frames, with an event', async () => {
    const g = await gcs({ addressChangeFrames: 3 });
    const before = await udpSocket();
    const after = await udpSocket();
    const enc = new Encoder({ sysid: 1, compid: 1 });
    await sendTo(before, g.port, enc.encode(disarmed()));
    await until(() => g.registry.get(1) !== undefined);
    for (let i = 0; i < 3; i++) await sendTo(after, g.port, enc.encode(disarmed()));
    await until(() => g.events.some((e) => e.kind === 'moved'));
    expect(g.events.filter((e) => e.kind === 'conflict')).toHaveLength(2);
    await g.link.send(heartbeat(), 1);
    await until(() => after.received.length === 1);
    expect(before.received).toHaveLength(0);
  });

  it('sysid 0 and impossible values are counted and dropped: no vehicle 0, no position at 214.7°', async () => {
    const g = await gcs();
    const s = await udpSocket();
    await sendTo(s, g.port, new Encoder({ sysid: 0, compid: 1 }).encode(disarmed()));
    const enc = new Encoder({ sysid: 7, compid: 1 });
    await sendTo(s, g.port, enc.encode(disarmed()));
    const absurd = Object.assign(new common.GlobalPositionInt(), { timeBootMs: 1, lat: 2 ** 31 - 1, lon: 99_000_000, alt: 10_000, relativeAlt: 0, vx: 0, vy: 0, vz: 0, hdg: 0 });
    const nan = Object.assign(new common.Attitude(), { timeBootMs: 1, roll: Number.NaN, pitch: 0, yaw: 0, rollspeed: 0, pitchspeed: 0, yawspeed: 0 });
    await sendTo(s, g.port, enc.encode(absurd));
    await sendTo(s, g.port, enc.encode(nan));
    const good = Object.assign(new common.GlobalPositionInt(), { timeBootMs: 2, lat: 535_508_000, lon: 99_925_000, alt: 10_000, relativeAlt: 0, vx: 0, vy: 0, vz: 0, hdg: 0 });
    await sendTo(s, g.port, enc.encode(good));
    await until(() => g.registry.get(7)?.state.position !== undefined);
    const st = g.link.stats();
    expect(st.sysidZero).toBe(1);
    expect(st.implausible).toBe(2);
    expect(g.registry.list().map((v) => v.sysid)).toEqual([7]);
    expect(g.registry.get(7)!.state.position!.lat).toBeCloseTo(53.5508, 6);
    expect(g.registry.get(7)!.state.attitude).toBeUndefined();
  });

  it('the peer table is bounded: addresses beyond maxPeers are refused and counted', async () => {
    const g = await gcs({ maxPeers: 4 });
    const sockets = await Promise.all(Array.from({ length: 10 }, () => udpSocket()));
    for (const [i, s] of sockets.entries()) await sendTo(s, g.port, new Encoder({ sysid: 10 + i, compid: 1 }).encode(disarmed()));
    await until(() => g.link.stats().rxPackets + g.link.stats().peerLimitDropped === 10);
    expect(g.transport.knownPeers()).toHaveLength(4);
    expect(g.link.stats().peerLimitDropped).toBe(6);
    expect(g.registry.list()).toHaveLength(4);
  });
});
