/**
 * Two vehicles (sysid 1 and 2) on one udpin link over real UDP, real clock, the default 3 s
 * heartbeat timeout: both discovered, one goes silent → lost after 3 s, resumes → regained.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { common } from '../../../firmware-bridge/codec/dialect.js';
import { HEARTBEAT_TIMEOUT_MS, VehicleRegistry } from '../../../firmware-bridge/vehicle/registry.js';
import { gcsOnUdp, until } from '../helpers/links.js';
import { VehiclePeer } from '../helpers/peer.js';

const open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

describe('VehicleRegistry over UDP', () => {
  it('discovers two vehicles, loses the silent one after 3 s, regains it, routes commands per sysid', async () => {
    const { link, port } = await gcsOnUdp();
    open.push(link);
    const registry = new VehicleRegistry(link);
    open.push(registry);
    const log: { event: string; sysid: number; at: number }[] = [];
    for (const event of ['vehicleDiscovered', 'connectionLost', 'connectionRegained'] as const) {
      registry.on(event, (s) => log.push({ event, sysid: s.sysid, at: Date.now() }));
    }
    const one = await VehiclePeer.open(port, { sysid: 1, customMode: 0x03040000 });
    const two = await VehiclePeer.open(port, { sysid: 2, customMode: 0x04040000, baseMode: 0x9d });
    open.push(one, two);
    // Faster than PX4's 1 Hz so the test is short; the timeout under test is the real 3 s default.
    one.startHeartbeats(200);
    two.startHeartbeats(200);
    await until(() => registry.list().length === 2);
    expect(registry.get(1)!.state).toMatchObject({ connected: true, flightMode: 'Hold', armed: false });
    expect(registry.get(2)!.state).toMatchObject({ connected: true, flightMode: 'Mission', armed: true });

    // Each session's commands reach its own vehicle through the shared udpin socket.
    await registry.get(2)!.commands.setMode('Hold');
    await registry.get(1)!.commands.arm();
    expect(two.received.map((c) => c.command)).toEqual([common.MavCmd.DO_SET_MODE]);
    expect(one.received.map((c) => c.command)).toEqual([common.MavCmd.COMPONENT_ARM_DISARM]);

    two.stopHeartbeats();
    const silentSince = Date.now();
    await until(() => log.some((e) => e.event === 'connectionLost'), HEARTBEAT_TIMEOUT_MS + 1000);
    const lost = log.find((e) => e.event === 'connectionLost')!;
    expect(lost.sysid).toBe(2);
    // Lost 3 s after the last heartbeat (which came at most 200 ms before we stopped them).
    expect(lost.at - silentSince).toBeGreaterThanOrEqual(HEARTBEAT_TIMEOUT_MS - 250);
    expect(lost.at - silentSince).toBeLessThan(HEARTBEAT_TIMEOUT_MS + 500);
    expect(registry.get(2)!.connected).toBe(false);
    expect(registry.get(1)!.connected).toBe(true);

    two.startHeartbeats(200);
    await until(() => log.some((e) => e.event === 'connectionRegained'));
    expect(log.map((e) => `${e.event} ${e.sysid}`)).toEqual([
      expect.stringMatching(/^vehicleDiscovered [12]$/),
      expect.stringMatching(/^vehicleDiscovered [12]$/),
      'connectionLost 2',
      'connectionRegained 2',
    ]);
    expect(registry.get(2)!.connected).toBe(true);
  });
});
