/**
 * The bus pieces with a real nats-server of their own: events reach every subscriber in publish
 * order; a command for a vehicle another instance owns is forwarded and answered (request/reply);
 * /api/ready says 503 while NATS is gone and 200 again after it is back; remote vehicles expire.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORWARDED_HEADER, clusterFront, serveForwarded } from '../../src/bus/forward.js';
import { NatsBus, type EventMessage } from '../../src/bus/nats-bus.js';
import { REMOTE_STALE_MS, RemoteVehicles } from '../../src/bus/remote-vehicles.js';
import { ClusterRig, NATS_SERVER, until } from './rig.js';

const natsMissing = NATS_SERVER ? undefined : 'nats-server is not installed';
if (natsMissing && process.env.CI === 'true') throw new Error(`${natsMissing}; CI=true, so this is a failure`);

describe.skipIf(natsMissing !== undefined)('NATS bus', () => {
  let rig: ClusterRig;
  let a: NatsBus;
  let b: NatsBus;
  const servers: Server[] = [];
  beforeAll(async () => {
    rig = new ClusterRig([]);
    await rig.startNats();
    a = await NatsBus.connect(rig.natsUrl, 'a');
    b = await NatsBus.connect(rig.natsUrl, 'b');
  }, 30_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    servers.forEach((s) => s.close());
    await rig?.close();
  });

  const listen = async (s: Server): Promise<string> => {
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };

  it('events of one publisher arrive in order at every subscriber, the publisher too', async () => {
    const got: Record<string, number[]> = { a: [], b: [] };
    await a.onEvent((m: EventMessage) => got.a!.push(m.p.k as number));
    await b.onEvent((m: EventMessage) => got.b!.push(m.p.k as number));
    for (let k = 0; k < 500; k++) a.publishEvent('alerts', { vehicle: 'la/1', k });
    await until('all events', () => (got.a!.length === 500 && got.b!.length === 500 ? true : undefined), 10_000, 20);
    expect(got.a).toEqual(Array.from({ length: 500 }, (_, k) => k));
    expect(got.b).toEqual(got.a);
  });

  it('a command for a vehicle another instance owns is forwarded to it, answered once, and marked', async () => {
    const seen: { path: string; forwardedBy: string | undefined; auth: string | undefined; body: string }[] = [];
    const ownerUrl = await listen(
      createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          seen.push({ path: req.url!, forwardedBy: req.headers[FORWARDED_HEADER] as string | undefined, auth: req.headers.authorization, body });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":"from a"}');
        });
      }),
    );
    a.serveHttp(serveForwarded(() => ownerUrl));
    const local: string[] = [];
    const frontUrl = await listen(
      createServer(
        clusterFront({
          app: (req, res) => {
            local.push(req.url!);
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ local: true, body: (req as { body?: unknown }).body ?? null }));
          },
          bus: b,
          checks: [{ name: 'bus', ok: () => b.connected() }],
          remoteOwner: (id) => (id.startsWith('la/') ? 'a' : undefined),
          deliveryVehicle: async (id) => (id === 'D-1' ? 'la/1' : 'lb/2'),
        }),
      ),
    );
    const post = (path: string, body: unknown) => fetch(`${frontUrl}${path}`, { method: 'POST', headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const cmd = await post('/api/vehicles/la/1/commands', { command: 'hold' });
    expect(cmd.status).toBe(200);
    expect(cmd.headers.get('x-elbflug-owner')).toBe('a');
    expect(await cmd.json()).toEqual({ ok: 'from a' });
    expect((await post('/api/deliveries/D-9/launch', { vehicle: 'la/3' })).headers.get('x-elbflug-owner')).toBe('a');
    expect((await post('/api/deliveries/D-1/abort', { how: 'rtl' })).headers.get('x-elbflug-owner')).toBe('a');
    expect(seen.map((s) => [s.path, s.forwardedBy, s.auth])).toEqual([
      ['/api/vehicles/la/1/commands', 'b', 'Bearer t0k'],
      ['/api/deliveries/D-9/launch', 'b', 'Bearer t0k'],
      ['/api/deliveries/D-1/abort', 'b', 'Bearer t0k'],
    ]);
    expect(JSON.parse(seen[1]!.body)).toEqual({ vehicle: 'la/3' });
    // Own vehicle: handled here, with the body it already read handed over parsed.
    const own = await post('/api/deliveries/D-2/launch', { vehicle: 'lb/2' });
    expect(await own.json()).toEqual({ local: true, body: { vehicle: 'lb/2' } });
    // Already forwarded: never forwarded again.
    const again = await fetch(`${frontUrl}/api/vehicles/la/1/commands`, { method: 'POST', headers: { [FORWARDED_HEADER]: 'c', 'content-type': 'application/json' }, body: '{}' });
    expect((await again.json()) as unknown).toMatchObject({ local: true });
    expect(seen).toHaveLength(3);

    // Readiness follows the bus: 503 while NATS is gone, 200 again once it is back.
    expect((await fetch(`${frontUrl}/api/ready`)).status).toBe(200);
    const port = Number(new URL(rig.natsUrl).port);
    await rig.stopNats();
    const down = await until('503', async () => {
      const r = await fetch(`${frontUrl}/api/ready`);
      return r.status === 503 ? ((await r.json()) as { checks: { name: string; ok: boolean }[] }) : undefined;
    }, 15_000, 100);
    expect(down.checks).toEqual([{ name: 'bus', ok: false }]);
    await rig.startNats(port);
    await until('200 again', async () => ((await fetch(`${frontUrl}/api/ready`)).status === 200 ? true : undefined), 20_000, 200);
  }, 60_000);

  it('events published while NATS is down reach every instance once, in order, when it is back (JetStream)', async () => {
    const c = await NatsBus.connect(rig.natsUrl, 'c');
    const d = await NatsBus.connect(rig.natsUrl, 'd');
    try {
      expect(c.eventsDurable).toBe(true);
      const got: Record<string, string[]> = { c: [], d: [] };
      await c.onEvent((m) => got.c!.push(`${m.o}:${m.p.k as number}`));
      await d.onEvent((m) => got.d!.push(`${m.o}:${m.p.k as number}`));
      const expected: string[] = [];
      const send = (bus: NatsBus, k: number) => {
        bus.publishEvent('deliveries', { vehicle: `${bus.instance}/1`, k });
        expected.push(`${bus.instance}:${k}`);
      };
      for (let k = 0; k < 5; k++) send(c, k);
      await until('before the outage', () => (got.c!.length === 5 && got.d!.length === 5 ? true : undefined), 10_000, 20);
      const port = rig.natsPort;
      await rig.stopNats();
      await until('both see it down', () => (!c.connected() && !d.connected() ? true : undefined), 15_000, 50);
      for (let k = 5; k < 40; k++) send(k % 2 ? c : d, k); // during the outage, from both
      await new Promise((r) => setTimeout(r, 1_000)); // resends meanwhile must not double anything
      await rig.startNats(port);
      await until('every event on both', () => (got.c!.length >= 40 && got.d!.length >= 40 ? true : undefined), 30_000, 50);
      await new Promise((r) => setTimeout(r, 1_000)); // nothing more comes (no duplicates)
      const per = (xs: string[], who: string) => xs.filter((x) => x.startsWith(`${who}:`));
      for (const list of [got.c!, got.d!]) {
        expect([...list].sort()).toEqual([...expected].sort()); // each once
        for (const who of ['c', 'd']) expect(per(list, who)).toEqual(per(expected, who)); // each publisher's in order
      }
      expect(got.d).toEqual(got.c); // and the same interleaving everywhere (stream order)
    } finally {
      await c.close();
      await d.close();
    }
  }, 60_000);

  it('remote vehicles: another owner\'s vehicle is listed until its telemetry stops; own messages are ignored', () => {
    let now = 0;
    const r = new RemoteVehicles('b', () => now);
    expect(r.update({ o: 'b', id: 'lb/2', n: 1, v: {} })).toBe(false);
    expect(r.update({ o: 'a', id: 'la/1', n: 1, v: { lat: 1 } })).toBe(true);
    expect(r.ids()).toEqual(['la/1']);
    expect(r.ownerOf('la/1')).toBe('a');
    now += REMOTE_STALE_MS + 1;
    expect(r.ids()).toEqual([]);
    expect(r.snapshot('la/1')).toBeUndefined();
  });
});

