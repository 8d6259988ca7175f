/**
 * MAVLink fuzzing of the service's link (seeded, 10^5 frames per run): CRC-valid frames of every
 * known id with random payloads from random sysids (0 included) and 40 source addresses, mutated
 * and truncated frames and junk, fed into a udpin link with its VehicleRegistry. The invariants are
 * what an attacker must not break: no throw, the bounds hold, no impossible value reaches a
 * vehicle's state, and the real vehicle keeps its address although forgers claim its sysid.
 */
import { describe, expect, it } from 'vitest';
import { x25, x25Byte } from '../../firmware-bridge/codec/crc.js';
import { REGISTRY, crcExtra } from '../../firmware-bridge/codec/dialect.js';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { Signer } from '../../firmware-bridge/codec/signing.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { VehicleRegistry } from '../../firmware-bridge/vehicle/registry.js';
import { mulberry32 } from '../firmware-bridge/helpers/random.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';

const SEED = Number(process.env.ELBFLUG_TEST_FUZZ_SEED ?? 20261207);
const FRAMES = 100_000;
const SIGNED_FRAMES = 20_000;
const IDS = Object.keys(REGISTRY).map(Number);

/** A CRC-valid MAVLink 2 frame with the given header fields and payload. */
function frame(sysid: number, compid: number, msgid: number, seq: number, payload: Uint8Array): Buffer {
  const b = Buffer.alloc(10 + payload.length + 2);
  b[0] = 0xfd;
  b[1] = payload.length;
  b[4] = seq;
  b[5] = sysid;
  b[6] = compid;
  b.writeUIntLE(msgid, 7, 3);
  b.set(payload, 10);
  const crc = x25Byte(x25(b, 1, 10 + payload.length), crcExtra(msgid));
  b.writeUInt16LE(crc, 10 + payload.length);
  return b;
}

describe('MAVLink fuzzing of the link (issue 12)', () => {
  it(`${FRAMES} seeded hostile frames (seed ${SEED}): no throw, bounds hold, no impossible state, the vehicle keeps its address`, async () => {
    const rnd = mulberry32(SEED);
    const int = (n: number): number => Math.floor(rnd() * n);
    const transport = await UdpInTransport.open('127.0.0.1', 0, { policy: { addressChangeFrames: 5, maxPeers: 16 } });
    const link = new MavlinkLink(transport, { heartbeat: false });
    const registry = new VehicleRegistry(link, { maxVehicles: 20 });
    try {
      const real = '10.0.0.1:14580';
      const vehicle = new Encoder({ sysid: 1, compid: 1 });
      link.receive(vehicle.encode(heartbeat()), real, true);
      const peers = Array.from({ length: 40 }, (_, i) => `10.0.1.${i}:${20000 + i}`);
      // Payload bytes come from one seeded pool (fast); each frame takes a random slice of it.
      const pool = Buffer.from(Array.from({ length: 1 << 16 }, () => int(256)));
      let frames = 0;
      let thrown = 0;
      while (frames < FRAMES) {
        // The real vehicle talks every 4th datagram: a forger never gets 5 frames in a row.
        if (frames % 4 === 0) {
          link.receive(vehicle.encode(heartbeat()), real, true);
          frames++;
          continue;
        }
        const peer = peers[int(peers.length)]!;
        const sysid = rnd() < 0.3 ? 1 : int(256);
        const msgid = IDS[int(IDS.length)]!;
        const len = int(256);
        const at = int(pool.length - len);
        const payload = pool.subarray(at, at + len);
        let f = frame(sysid, int(256), msgid, int(256), payload);
        const kind = int(5);
        if (kind === 1) {
          f = Buffer.from(f);
          const i = int(f.length);
          f[i] = f[i]! ^ (1 << int(8)); // a bit flip: the CRC catches it (or, 1 in 65 536, not)
        } else if (kind === 2) f = f.subarray(0, int(f.length));
        else if (kind === 3) f = Buffer.concat([pool.subarray(at, at + int(40)), f]);
        try {
          link.receive(f, peer, true);
        } catch {
          thrown++;
        }
        frames++;
      }
      expect(thrown).toBe(0);
      const stats = link.stats();
      const vehicles = registry.list();
      expect(vehicles.length).toBeLessThanOrEqual(20);
      expect(transport.knownPeers().length).toBeLessThanOrEqual(16);
      expect(transport.peerTable.routeOf(1, performance.now())).toBe(real);
      expect(vehicles.map((v) => v.sysid)).not.toContain(0);
      for (const v of vehicles) {
        const p = v.state.position;
        if (p) {
          expect(Math.abs(p.lat)).toBeLessThanOrEqual(90);
          expect(Math.abs(p.lon)).toBeLessThanOrEqual(180);
        }
        for (const x of Object.values(v.state.attitude ?? {})) expect(Number.isFinite(x)).toBe(true);
      }
      // Every defence was exercised, and the vehicle's own frames all got through.
      expect(stats.sysidZero).toBeGreaterThan(0);
      expect(stats.implausible).toBeGreaterThan(0);
      expect(stats.addressConflicts).toBeGreaterThan(0);
      expect(stats.peerLimitDropped).toBeGreaterThan(0);
      expect(stats.crcErrors).toBeGreaterThan(0);
      expect(stats.messages['HEARTBEAT']!.count).toBeGreaterThanOrEqual(FRAMES / 4);
    } finally {
      registry.close();
      await link.close();
    }
  });

  it(`${SIGNED_FRAMES} seeded hostile frames at a link with a key per vehicle (seed ${SEED}): only the vehicles' own signed frames get through`, async () => {
    const rnd = mulberry32(SEED + 1);
    const int = (n: number): number => Math.floor(rnd() * n);
    const keys = new Map([[1, Buffer.alloc(32, 0xa1)], [2, Buffer.alloc(32, 0xa2)]]);
    const transport = await UdpInTransport.open('127.0.0.1', 0, { policy: { addressChangeFrames: 5, maxPeers: 16 } });
    const link = new MavlinkLink(transport, { heartbeat: false, signing: { vehicleKeys: keys, unsigned: 'reject' } });
    const registry = new VehicleRegistry(link, { maxVehicles: 20 });
    try {
      const genuine = new Set<string>();
      const real = new Map([[1, { addr: '10.0.0.1:14580', enc: new Encoder({ sysid: 1, compid: 1 }, new Signer(keys.get(1)!, 0)) }], [2, { addr: '10.0.0.2:14580', enc: new Encoder({ sysid: 2, compid: 1 }, new Signer(keys.get(2)!, 0)) }]]);
      const sent: Buffer[] = [];
      const speak = (sysid: number): void => {
        const r = real.get(sysid)!;
        const f = r.enc.encode(heartbeat());
        genuine.add(f.toString('hex'));
        sent.push(f);
        link.receive(f, r.addr, true);
      };
      let passedForged = 0;
      link.onMessage((m) => {
        if (!genuine.has(m.frame.raw.toString('hex'))) passedForged++;
      });
      speak(1);
      speak(2);
      let thrown = 0;
      for (let i = 0; i < SIGNED_FRAMES; i++) {
        if (i % 4 === 0) {
          speak(1 + (i % 8 === 0 ? 0 : 1));
          continue;
        }
        const sysid = rnd() < 0.8 ? 1 + int(2) : int(256);
        const armed = heartbeat(0x05040000, 0x1d | 0x80);
        let f: Buffer;
        switch (int(6)) {
          case 0: f = new Encoder({ sysid, compid: 1 }).encode(armed); break; // unsigned
          case 1: f = new Encoder({ sysid, compid: 1 }, new Signer(Buffer.from(Array.from({ length: 32 }, () => int(256))))).encode(armed); break; // a guessed key
          case 2: f = new Encoder({ sysid, compid: 1 }, new Signer(keys.get(sysid === 1 ? 2 : 1)!)).encode(armed); break; // another vehicle's key
          case 3: f = sent[int(sent.length)]!; break; // a replay of a genuine frame
          case 4: f = Buffer.from(sent[int(sent.length)]!); f[f.length - 1 - int(6)]! ^= 1 << int(8); break; // a flipped signature bit
          default: f = sent[int(sent.length)]!.subarray(0, int(sent[0]!.length)); // truncated
        }
        try {
          link.receive(f, `10.0.1.${int(40)}:${20000 + int(40)}`, true);
        } catch {
          thrown++;
        }
      }
      const stats = link.stats();
      expect(thrown).toBe(0);
      expect(passedForged).toBe(0);
      expect(registry.list().map((v) => v.sysid).sort()).toEqual([1, 2]);
      for (const v of registry.list()) expect(v.state.armed).toBe(false);
      expect(stats.unsignedRejected).toBeGreaterThan(0);
      expect(stats.otherVehicleKey).toBeGreaterThan(0);
      expect(stats.signatureRejected).toBeGreaterThan(stats.otherVehicleKey);
      expect(stats.messages['HEARTBEAT']!.count).toBe(genuine.size);
    } finally {
      registry.close();
      await link.close();
    }
  });
});
