/**
 * JetStream enabled after the instances started. A bus that connected to a nats-server without
 * JetStream works degraded; once the server has JetStream it switches to the durable stream by
 * itself — at its periodic check (JetStream enabled by a config reload: no reconnect; the test
 * drives the check's clock) or at the reconnect to a nats-server restarted with -js — without
 * losing or repeating an event published through the switch; an instance's /api/health then
 * lists nothing degraded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../firmware-bridge/clock.js';
import { JETSTREAM_RECHECK_MS, NatsBus, SUBJECT_EVENTS } from '../../src/bus/nats-bus.js';
import { ClusterRig, clusterSkipReason, freePort, NATS_SERVER, until, type Instance } from './rig.js';

describe.skipIf(clusterSkipReason !== undefined)('a bus whose nats-server gets JetStream by a config reload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elbflug-jsreload-'));
  const conf = join(dir, 'nats.conf');
  let nats: ChildProcess;
  let url: string;
  let log = '';
  const clock = new FakeClock(0);
  let bus: NatsBus;
  const got: { o: string; n: number }[] = [];
  beforeAll(async () => {
    const port = await freePort('tcp');
    url = `nats://127.0.0.1:${port}`;
    writeFileSync(conf, `listen: 127.0.0.1:${port}\n`);
    nats = spawn(NATS_SERVER!, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    nats.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await until('nats-server', () => (/Server is ready/.test(log) ? true : undefined), 10_000, 50);
    bus = await NatsBus.connect(url, 'probe', { clock });
    await bus.onEvent((m) => got.push({ o: m.o, n: m.n }));
  }, 60_000);
  afterAll(async () => {
    await bus?.close();
    nats?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('degraded; the periodic check stays degraded without JetStream and switches once it is there; events published through the switch arrive once each, in order', async () => {
    expect(bus.eventsDurable).toBe(false);
    expect(bus.degraded()).toEqual([{ name: 'bus', reason: expect.stringMatching(/JetStream is not available .*asks again at every reconnect and every 30 s/) }]);
    clock.advance(JETSTREAM_RECHECK_MS);
    await bus.recheck();
    expect(bus.eventsDurable).toBe(false);

    let sent = 0;
    let switchedAt: number | undefined;
    bus.onSwitchedToStream(() => (switchedAt = sent));
    // A plain publisher on core NATS (as a still-degraded instance publishes), every few ms, through the switch.
    const pub = await connect({ servers: url });
    const enc = new TextEncoder();
    const timer = setInterval(() => pub.publish(SUBJECT_EVENTS, enc.encode(JSON.stringify({ o: 'pub', n: ++sent, t: 'alerts', p: { k: sent } }))), 2);
    try {
      await until('events over core NATS', () => (got.length >= 50 ? true : undefined), 30_000, 20);
      writeFileSync(conf, `listen: 127.0.0.1:${new URL(url).port}\njetstream { store_dir: "${join(dir, 'js')}" }\n`);
      nats.kill('SIGHUP'); // reload: JetStream on, no client reconnects
      await until('JetStream enabled', () => (/Reloaded server configuration/.test(log) ? true : undefined), 10_000, 20);
      expect(bus.eventsDurable).toBe(false); // nothing happens before the next check
      clock.advance(JETSTREAM_RECHECK_MS);
      await until('switched to the stream', () => (bus.eventsDurable ? true : undefined), 30_000, 20);
      const target = sent + 200;
      await until('200 more events', () => (sent >= target ? true : undefined), 30_000, 20);
    } finally {
      clearInterval(timer);
    }
    await pub.flush();
    await pub.close();
    expect(bus.degraded()).toEqual([]);
    const ns = () => got.filter((g) => g.o === 'pub').map((g) => g.n);
    await until('the last event received', () => (ns().at(-1) === sent ? true : undefined), 30_000, 50);
    const n = ns();
    expect(n[0]!).toBeLessThan(switchedAt!); // received over core NATS before the switch …
    expect(n).toEqual(Array.from({ length: sent - n[0]! + 1 }, (_, k) => n[0]! + k)); // … and through it: no gap, no repeat
    // Its own events now go through the stream (acknowledged), and come back once.
    bus.publishEvent('alerts', { own: 1 });
    await until('own event', () => (got.some((g) => g.o === 'probe') ? true : undefined), 10_000, 20);
    await new Promise((r) => setTimeout(r, 200));
    expect(got.filter((g) => g.o === 'probe')).toHaveLength(1);
  }, 120_000);
});

describe.skipIf(clusterSkipReason !== undefined)('an instance whose nats-server is restarted with -js', () => {
  let rig: ClusterRig;
  let inst: Instance;
  beforeAll(async () => {
    rig = await ClusterRig.create(['ja'], { jetstream: false, bundle: true });
    inst = await rig.startInstance('a', ['ja']);
  }, 300_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('degraded on /api/health, then after the restart with -js nothing degraded (no instance restart)', async () => {
    expect(await (await inst.api('/health')).json()).toEqual({ ok: true, degraded: [{ name: 'bus', reason: expect.stringContaining('-js') }] });
    const port = rig.natsPort;
    await rig.stopNats();
    await rig.startNats(port, { jetstream: true });
    await until('instance no longer degraded', async () => {
      const h = (await (await inst.api('/health')).json()) as { degraded: unknown[] };
      return h.degraded.length === 0 ? true : undefined;
    }, 60_000, 200);
    expect(await (await inst.api('/health')).json()).toEqual({ ok: true, degraded: [] });
    await until('ready', async () => ((await inst.api('/ready')).status === 200 ? true : undefined), 30_000, 200);
    expect(await (await inst.api('/ready')).json()).toMatchObject({ ok: true, degraded: [] });
  }, 120_000);
});
