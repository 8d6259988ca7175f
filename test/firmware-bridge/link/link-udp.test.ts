import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { minimal } from '../../../firmware-bridge/codec/dialect.js';
import { Encoder } from '../../../firmware-bridge/codec/encode.js';
import { signingKeyFromPassphrase } from '../../../firmware-bridge/codec/signing.js';
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import { UdpOutTransport } from '../../../firmware-bridge/transport/udp.js';
import { gcsOnUdp, nextMessage, until, vehicleOnUdp } from '../helpers/links.js';
import { globalPosition, heartbeat } from '../helpers/telemetry.js';

const open: MavlinkLink[] = [];
const track = <T extends MavlinkLink>(l: T): T => (open.push(l), l);
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

describe('MavlinkLink over UDP on 127.0.0.1', () => {
  it('exchanges heartbeats: ours is a GCS heartbeat from 255/190 as PX4 requires', async () => {
    const gcs = await gcsOnUdp();
    track(gcs.link);
    const vehicle = track(await vehicleOnUdp(gcs.port));
    const fromVehicle = await nextMessage(gcs.link, (m) => m.name === 'HEARTBEAT');
    expect(fromVehicle.frame).toMatchObject({ sysid: 1, compid: 1, version: 2 });
    // The vehicle's first datagram taught the udpin link its address; our 1 Hz heartbeat follows.
    const fromGcs = await nextMessage(vehicle, (m) => m.name === 'HEARTBEAT', 2500);
    expect(fromGcs.frame).toMatchObject({ sysid: 255, compid: 190 });
    expect(fromGcs.data).toMatchObject({ type: minimal.MavType.GCS, autopilot: minimal.MavAutopilot.INVALID, baseMode: 0, systemStatus: minimal.MavState.ACTIVE, mavlinkVersion: 3 });
  });

  it('keeps one sequence counter per link and counts gaps, bytes and per-message rates', async () => {
    const gcs = await gcsOnUdp({ heartbeat: false });
    track(gcs.link);
    const sock = createSocket('udp4');
    const enc = new Encoder({ sysid: 7, compid: 1 });
    const frames = Array.from({ length: 12 }, (_, i) => enc.encode(globalPosition(i)));
    const delivered = frames.filter((_, i) => i !== 3 && i !== 4 && i !== 9); // three "lost" on the way
    for (const f of delivered) await new Promise<void>((r) => sock.send(f, gcs.port, '127.0.0.1', () => r()));
    sock.close();
    await until(() => gcs.link.stats().rxPackets === delivered.length);
    const s = gcs.link.stats();
    expect(s.seqGaps).toBe(3);
    expect(s.rxBytes).toBe(delivered.reduce((n, f) => n + f.length, 0));
    expect(s.messages['GLOBAL_POSITION_INT']!.count).toBe(delivered.length);
    // Two links in one process do not share a counter.
    const a = track(await vehicleOnUdp(gcs.port, { heartbeat: false }));
    const b = track(await vehicleOnUdp(gcs.port, { heartbeat: false, identity: { sysid: 2, compid: 1 } }));
    await a.send(heartbeat());
    await a.send(heartbeat());
    await b.send(heartbeat());
    await until(() => gcs.link.stats().rxPackets === delivered.length + 3);
    const seqs = new Map<number, number[]>();
    gcs.link.onMessage((m) => seqs.set(m.frame.sysid, [...(seqs.get(m.frame.sysid) ?? []), m.frame.seq]));
    await a.send(heartbeat());
    await b.send(heartbeat());
    await until(() => (seqs.get(1)?.length ?? 0) === 1 && (seqs.get(2)?.length ?? 0) === 1);
    expect(seqs.get(1)).toEqual([2]);
    expect(seqs.get(2)).toEqual([1]);
    expect(a.stats().txPackets).toBe(3);
  });

  it('routes udpin sends to the address each sysid spoke from, and broadcasts otherwise', async () => {
    const gcs = await gcsOnUdp({ heartbeat: false });
    track(gcs.link);
    await expect(gcs.link.send(heartbeat())).rejects.toMatchObject({ code: 'NO_ROUTE_TO_VEHICLE' });
    const v1 = track(await vehicleOnUdp(gcs.port, { heartbeat: false }));
    const v2 = track(await vehicleOnUdp(gcs.port, { heartbeat: false, identity: { sysid: 2, compid: 1 } }));
    await v1.send(heartbeat());
    await v2.send(heartbeat());
    await until(() => gcs.link.stats().rxPackets === 2);
    const got = { v1: 0, v2: 0 };
    v1.onMessage(() => got.v1++);
    v2.onMessage(() => got.v2++);
    await gcs.link.send(heartbeat(), 2);
    await until(() => got.v2 === 1);
    await gcs.link.send(heartbeat());
    await until(() => got.v1 === 1 && got.v2 === 2);
    expect(gcs.transport.knownPeers()).toHaveLength(2);
  });

  it('counts malformed datagrams and keeps decoding the good frames around them', async () => {
    const gcs = await gcsOnUdp({ heartbeat: false });
    track(gcs.link);
    const sock = createSocket('udp4');
    const enc = new Encoder({ sysid: 1, compid: 1 });
    const good = enc.encode(heartbeat());
    const corrupt = Buffer.from(enc.encode(heartbeat()));
    corrupt[12] = corrupt[12]! ^ 0x40;
    const datagrams = [Buffer.from('hello, not mavlink'), corrupt, Buffer.concat([Buffer.from([0xfd, 200, 0]), good]), Buffer.alloc(0), good];
    for (const d of datagrams) await new Promise<void>((r) => sock.send(d, gcs.port, '127.0.0.1', () => r()));
    sock.close();
    await until(() => gcs.link.stats().rxPackets === 2);
    const s = gcs.link.stats();
    expect(s.crcErrors).toBe(1);
    expect(s.bytesDiscarded).toBe(18 + corrupt.length + 3);
  });

  it('signs outgoing frames and applies the unsigned-frame policy', async () => {
    const key = signingKeyFromPassphrase('hamburg');
    const gcs = await gcsOnUdp({ heartbeat: false, signing: { key, unsigned: 'reject' } });
    track(gcs.link);
    const unsigned = track(await vehicleOnUdp(gcs.port, { heartbeat: false }));
    const wrongKey = track(await vehicleOnUdp(gcs.port, { heartbeat: false, signing: { key: signingKeyFromPassphrase('x'), unsigned: 'accept' } }));
    const signed = track(await vehicleOnUdp(gcs.port, { heartbeat: false, signing: { key, unsigned: 'accept' } }));
    const got: number[] = [];
    gcs.link.onMessage((m) => got.push(m.frame.seq));
    await unsigned.send(heartbeat());
    await wrongKey.send(heartbeat());
    await signed.send(heartbeat());
    await until(() => got.length === 1);
    await until(() => gcs.link.stats().unsignedRejected === 1 && gcs.link.stats().signatureRejected === 1);
    // And the vehicle can verify what we sign.
    const vgot: string[] = [];
    signed.onMessage((m) => vgot.push(m.name));
    await gcs.link.send(heartbeat());
    await until(() => vgot.length >= 1);
    expect(signed.stats().signatureRejected).toBe(0);
  });

  it('refuses to send on a closed link with a typed error', async () => {
    const t = await UdpOutTransport.open('127.0.0.1', 9);
    const link = new MavlinkLink(t, { heartbeat: false });
    await link.close();
    await expect(link.send(heartbeat())).rejects.toMatchObject({ code: 'LINK_CLOSED' });
  });
});
