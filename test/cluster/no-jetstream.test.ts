/**
 * A nats-server started without -js: the instances work degraded — telemetry and events over core
 * NATS — and say so: /api/health (still 200) and /api/ready (200: nothing is down) list the bus as
 * degraded with the reason and the fix. Two instances (one link each, two simulated PX4s per link):
 * every client sees every vehicle; the LINK_LOST alerts of a link whose vehicles fall silent reach
 * both instances' clients, in order, and are stored once per vehicle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsBus } from '../../src/bus/nats-bus.js';
import { ClusterRig, clusterSkipReason, until, type Instance } from './rig.js';
import { collect, type Collector } from './ws-collector.js';

const SIZED = { mavlink: { maxPeersPerPort: 64 } };

describe.skipIf(clusterSkipReason !== undefined)('cluster on a nats-server without JetStream', () => {
  let rig: ClusterRig;
  const inst: Instance[] = [];
  const clients: Collector[] = [];
  let sims: ReturnType<ClusterRig['startVehicles']>;
  beforeAll(async () => {
    rig = await ClusterRig.create(['la', 'lb'], { jetstream: false, bundle: true });
    // Each lists only its own link: the spread is fixed (no takeover in this test).
    const own = (k: number) => ({ ...SIZED, links: [{ name: rig.links[k]!.name, url: `udpin://127.0.0.1:${rig.links[k]!.port}` }] });
    inst.push(...(await Promise.all(['a', 'b'].map((n, k) => rig.startInstance(n, [rig.links[k]!.name], own(k))))));
    sims = rig.startVehicles([2, 2], { speed: 1, home: { lat: 53.57, lon: 9.99 }, processPerLink: true });
    clients.push(...(await Promise.all(inst.map((i) => collect(i.url)))));
  }, 300_000);
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await rig?.close();
  });

  it('the bus alone: events fall back to core NATS and it says why', async () => {
    const bus = await NatsBus.connect(rig.natsUrl, 'probe');
    try {
      expect(bus.eventsDurable).toBe(false);
      expect(bus.degraded()).toEqual([{ name: 'bus', reason: expect.stringMatching(/JetStream is not available .*start nats-server with -js/) }]);
      const got: number[] = [];
      await bus.onEvent((m) => got.push(m.p.k as number));
      for (let k = 0; k < 100; k++) bus.publishEvent('alerts', { k });
      await until('core events', () => (got.length === 100 ? true : undefined), 10_000, 20);
      expect(got).toEqual(Array.from({ length: 100 }, (_, k) => k));
    } finally {
      await bus.close();
    }
  });

  it('every instance serves, says it is degraded, and its clients see every vehicle', async () => {
    for (const i of inst) {
      const health = await (await i.api('/health')).json();
      expect(health).toEqual({ ok: true, degraded: [{ name: 'bus', reason: expect.stringContaining('-js') }] });
      const ready = await i.api('/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ok: true, degraded: [{ name: 'bus' }] });
    }
    await until('every client sees all four vehicles', () => (clients.every((c) => ['la/1', 'la/2', 'lb/1', 'lb/2'].every((v) => c.telemetry.has(v))) ? true : undefined), 120_000, 200);
  }, 150_000);

  it('alerts reach every instance over core NATS, in order, and are stored once', async () => {
    await rig.kill(sims[0]!); // the vehicles of link la fall silent
    const lost = (c: Collector, v: string) => (c.events.get(v) ?? []).filter((e) => e.includes('"LINK_LOST"'));
    await until('LINK_LOST at both instances', () => (clients.every((c) => lost(c, 'la/1').length > 0 && lost(c, 'la/2').length > 0) ? true : undefined), 60_000, 200);
    for (const v of ['la/1', 'la/2']) expect(clients[0]!.events.get(v)).toEqual(clients[1]!.events.get(v));
    // Stored by the owner (a batch: src/fleet/lost-alerts.ts), read through the other instance.
    const stored = await until('stored', async () => {
      const list = ((await (await inst[1]!.api('/alerts?limit=1000')).json()) as { code: string; vehicleId: string }[]).filter((a) => a.code === 'LINK_LOST');
      return list.length >= 2 ? list : undefined;
    }, 30_000, 200);
    expect(stored.map((a) => a.vehicleId).sort()).toEqual(['la/1', 'la/2']);
    // The other link's vehicles are untouched.
    expect(clients.every((c) => !c.events.has('lb/1') && !c.events.has('lb/2'))).toBe(true);
  }, 120_000);
});
