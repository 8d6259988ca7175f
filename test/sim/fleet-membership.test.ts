/** Adding and removing simulated vehicles while the fleet runs (real UDP on 127.0.0.1, manual clock). */
import { describe, expect, it } from 'vitest';
import type { minimal } from '../../firmware-bridge/codec/dialect.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { MAX_SYSID, nextSysid } from '../../sim/runtime/fleet-membership.js';
import { startFleet } from '../../sim/runtime/fleet.js';
import { harness } from './helpers.js';

describe('fleet membership', () => {
  it('an added vehicle gets the next sysid and its own port, boots fresh, stands in line east of the others and answers commands', async () => {
    const h = await harness({ vehicles: 2, spacingM: 8 });
    try {
      await h.run(3);
      const addedAtS = h.fleet.nowS();
      const v = await h.fleet.addVehicle();
      expect(v.sysid).toBe(3);
      expect(h.fleet.vehicles.map((x) => x.sysid)).toEqual([1, 2, 3]);
      expect(new Set(h.fleet.vehicles.map((x) => x.localPort)).size).toBe(3);
      expect(v.gcsUrl).toBe(h.fleet.vehicles[0]!.gcsUrl);
      await h.run(7);
      const beats = h.of<minimal.Heartbeat>('HEARTBEAT', 3);
      expect(beats.length).toBeGreaterThan(3);
      // a fresh PX4: its first HEARTBEAT 2 s after it was added, not at the fleet's clock
      expect(beats[0]!.t - addedAtS).toBeGreaterThan(1.9);
      expect(beats[0]!.t - addedAtS).toBeLessThan(2.3);
      const [a, b, c] = h.fleet.status();
      expect(c!.lat).toBeCloseTo(a!.lat, 7);
      expect(c!.lon - b!.lon).toBeCloseTo(b!.lon - a!.lon, 7);
      expect(c!.lon - b!.lon).toBeGreaterThan(0);
      expect(c!.batteryPct).toBe(a!.batteryPct);
      expect(await h.command(400, [1], { sysid: 3 })).toBe(0); // ARM, routed to the new vehicle's port
      await h.run(1.1);
      expect(Number(h.of<minimal.Heartbeat>('HEARTBEAT', 3).at(-1)!.data.baseMode) & 0x80).toBe(0x80);
      expect(Number(h.of<minimal.Heartbeat>('HEARTBEAT', 1).at(-1)!.data.baseMode) & 0x80).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('an added vehicle can stand at a given position', async () => {
    const h = await harness({ vehicles: 1 });
    try {
      const v = await h.fleet.addVehicle({ home: { lat: 53.5461, lon: 9.9661 } });
      await h.run(4);
      expect(v.status().lat).toBeCloseTo(53.5461, 6);
      expect(v.status().lon).toBeCloseTo(9.9661, 6);
      expect(h.of('GLOBAL_POSITION_INT', 2).length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('a removed vehicle stops sending, the others go on; its sysid is not reused; an unknown sysid is a clear error', async () => {
    const h = await harness({ vehicles: 3 });
    try {
      await h.run(4);
      const last = await h.fleet.removeVehicle(2);
      expect(last.sysid).toBe(2);
      expect(h.fleet.vehicles.map((x) => x.sysid)).toEqual([1, 3]);
      await h.run(0.5); // packets already in the socket buffer
      const before = { 1: h.of('HEARTBEAT', 1).length, 2: h.of('HEARTBEAT', 2).length, 3: h.of('HEARTBEAT', 3).length };
      await h.run(5);
      expect(h.of('HEARTBEAT', 2).length).toBe(before[2]);
      expect(h.of('HEARTBEAT', 1).length).toBeGreaterThan(before[1] + 3);
      expect(h.of('HEARTBEAT', 3).length).toBeGreaterThan(before[3] + 3);
      expect(h.fleet.status().map((s) => s.sysid)).toEqual([1, 3]);
      expect(() => h.fleet.fault(2, { fault: 'linkLoss', seconds: 5 })).toThrow(/no simulated vehicle with sysid 2; have 1, 3/);
      await expect(h.fleet.removeVehicle(9)).rejects.toThrow('no simulated vehicle with sysid 9; have 1, 3');
      await expect(h.fleet.removeVehicle(2)).rejects.toThrow(/sysid 2/);
      const again = await h.fleet.addVehicle();
      expect(again.sysid).toBe(4);
      await h.run(3);
      expect(h.of('HEARTBEAT', 4).length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('fixed base port: the added vehicle binds basePort + sysid − 1; removing it frees the port', async () => {
    const gcs = await UdpInTransport.open('127.0.0.1', 0);
    new MavlinkLink(gcs, { heartbeat: false }); // peers are learned from the frames a link admits (closed with gcs)
    const fleet = await startFleet({ vehicles: 2, manual: true, basePort: 28670, highRateHz: 0, gcs: `udpout://127.0.0.1:${gcs.localPort}` });
    try {
      const v = await fleet.addVehicle();
      expect(v.localPort).toBe(28672);
      for (let i = 0; i < 150; i++) {
        fleet.step(20);
        await new Promise((r) => setImmediate(r));
      }
      expect(gcs.knownPeers()).toContain('127.0.0.1:28672');
      await fleet.removeVehicle(3);
      const reuse = await UdpInTransport.open('127.0.0.1', 28672); // bind succeeds: the socket is closed
      await reuse.close();
    } finally {
      await fleet.close();
      await gcs.close();
    }
    await expect(fleet.addVehicle()).rejects.toThrow('the simulator fleet is closed');
  });

  it('two adds at once get different sysids', async () => {
    const fleet = await startFleet({ vehicles: 1, manual: true, basePort: 0, highRateHz: 0, gcs: 'udpout://127.0.0.1:9' });
    try {
      const [a, b] = await Promise.all([fleet.addVehicle(), fleet.addVehicle()]);
      expect([a.sysid, b.sysid].sort()).toEqual([2, 3]);
      expect(fleet.vehicles.map((v) => v.sysid)).toEqual([1, 2, 3]);
    } finally {
      await fleet.close();
    }
  });

  it('nextSysid: one above the highest ever used, then the lowest free one, then an error', () => {
    expect(nextSysid(new Set([1, 2]), 2)).toBe(3);
    expect(nextSysid(new Set([1]), 5)).toBe(6); // 2–5 were removed: not reused yet
    const full = new Set(Array.from({ length: MAX_SYSID }, (_, i) => i + 1));
    full.delete(7);
    expect(nextSysid(full, MAX_SYSID)).toBe(7);
    full.add(7);
    expect(() => nextSysid(full, MAX_SYSID)).toThrow(/every MAVLink sysid is taken; remove one first/);
  });
});
