/**
 * Vehicles per link are bounded and silent ones leave the live list (issue 12: 60 random sysids
 * gave 62 vehicles that were never removed). Driven with a FakeClock; frames fed into the link.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../firmware-bridge/clock.js';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import { VehicleRegistry } from '../../firmware-bridge/vehicle/registry.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';

const nullTransport: Transport = { description: 'null', datagram: false, onData: () => undefined, onClose: () => undefined, send: async () => undefined, close: async () => undefined };

describe('vehicle bounds', () => {
  it('60 random sysids heard once: at most maxVehicles listed, refused ones reported once, all gone after the expiry; a kept one stays', () => {
    const clock = new FakeClock(0);
    const link = new MavlinkLink(nullTransport, { heartbeat: false, clock });
    const keep = new Set([5]);
    const registry = new VehicleRegistry(link, { clock, maxVehicles: 20, expireAfterMs: 60_000, keep: (s) => keep.has(s) });
    const refused: number[] = [];
    const expired: number[] = [];
    registry.on('vehicleRefused', (s) => refused.push(s));
    registry.on('vehicleExpired', (v) => expired.push(v.sysid));
    for (let sysid = 1; sysid <= 60; sysid++) link.receive(new Encoder({ sysid, compid: 1 }).encode(heartbeat()));
    for (let sysid = 1; sysid <= 60; sysid++) link.receive(new Encoder({ sysid, compid: 1 }).encode(heartbeat()));
    expect(registry.list()).toHaveLength(20);
    expect(refused).toEqual(Array.from({ length: 40 }, (_, i) => i + 21));
    clock.advance(3_000 + 60_000);
    expect(registry.list().map((v) => v.sysid)).toEqual([5]);
    expect(expired).toHaveLength(19);
    // Room again: a new vehicle is admitted.
    link.receive(new Encoder({ sysid: 42, compid: 1 }).encode(heartbeat()));
    expect(registry.get(42)).toBeDefined();
    // A vehicle that keeps beating never expires.
    for (let i = 0; i < 100; i++) {
      clock.advance(1_000);
      link.receive(new Encoder({ sysid: 42, compid: 1 }).encode(heartbeat()));
    }
    expect(registry.get(42)?.connected).toBe(true);
    registry.close();
  });
});
