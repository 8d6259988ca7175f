/**
 * JetStream going away after the buses used it (docs/scale-out.md, failure modes): a nats-server
 * restarted without -js, or the events stream deleted. Each bus hears the server's definite answer
 * (at the reconnect, from a publish, from its consumer, or at its periodic check), falls back to
 * core NATS and says so; the outbox's unacknowledged events go out over core NATS in order; and it
 * switches back to the durable stream by itself once the server has it again. Through every move,
 * every instance gets each event once, in order. Then one instance (a child process) says it on
 * /api/health and /api/ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../firmware-bridge/clock.js';
import { EVENTS_STREAM, JETSTREAM_RECHECK_MS, NatsBus } from '../../src/bus/nats-bus.js';
import { ClusterRig, clusterSkipReason, freePort, NATS_SERVER, until, type Instance } from './rig.js';

const WENT_AWAY = /^events are not durable over a NATS outage: JetStream is not available \(it went away after this instance used it: /;

describe.skipIf(clusterSkipReason !== undefined)('buses whose JetStream goes away after they used it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elbflug-jslost-'));
  let port: number;
  let url: string;
  let nats: ChildProcess | undefined;
  /** Each bus's periodic check runs on a clock of its own: the test says which checks when. */
  const clocks = [new FakeClock(0), new FakeClock(0), new FakeClock(0)];
  const buses: NatsBus[] = [];
  /** What each listening bus (a, b) handed on ("publisher:k", in arrival order), what was published, how often each fell back. */
  const got = new Map<string, string[]>();
  const sent: string[] = [];
  const fellBack = new Map<string, number>();
  let k = 0;

  const startNats = async (jetstream: boolean): Promise<void> => {
    let log = '';
    nats = spawn(NATS_SERVER!, ['-a', '127.0.0.1', '-p', String(port), ...(jetstream ? ['-js', '-sd', join(dir, 'js')] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    nats.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await until('nats-server', () => (/Server is ready/.test(log) ? true : undefined), 10_000, 50);
  };
  const stopNats = async (): Promise<void> => {
    const n = nats!;
    const exited = new Promise((r) => n.once('exit', r));
    n.kill('SIGKILL');
    await exited;
  };
  /** a and b listen (as every instance does); c only publishes (it has no consumer to hear a deleted stream). */
  const [a, b, c] = [0, 1, 2];
  const NAMES = ['a', 'b', 'c'];
  const publish = (count: number, from = a): void => {
    for (let i = 0; i < count; i++) {
      buses[from]!.publishEvent('alerts', { k: ++k });
      sent.push(`${NAMES[from]}:${k}`);
    }
  };
  const from = (list: string[], o: string): string[] => list.filter((x) => x.startsWith(`${o}:`));
  /** Every listening bus has every publisher's last event so far; then a moment for anything that would come twice. */
  const allReceived = async (): Promise<void> => {
    const done = (): boolean => [...got.values()].every((g) => NAMES.every((o) => from(g, o).at(-1) === from(sent, o).at(-1)));
    await until(`every bus has ${NAMES.map((o) => from(sent, o).at(-1)).join(', ')}`, () => (done() ? true : undefined), 30_000, 20);
    await new Promise((r) => setTimeout(r, 300));
  };
  /** Each publisher's events once each, in its order, at every listening bus. */
  const expectEachOnceInOrder = (): void => {
    for (const [name, g] of got) for (const o of NAMES) expect(from(g, o), `${name} from ${o}`).toEqual(from(sent, o));
  };

  beforeAll(async () => {
    port = await freePort('tcp');
    url = `nats://127.0.0.1:${port}`;
    await startNats(true);
    for (const [i, name] of NAMES.entries()) {
      const bus = await NatsBus.connect(url, name, { clock: clocks[i]! });
      fellBack.set(name, 0);
      bus.onFellBackToCore(() => fellBack.set(name, fellBack.get(name)! + 1));
      if (i !== c) {
        got.set(name, []);
        await bus.onEvent((m) => got.get(name)!.push(`${m.o}:${m.p.k as number}`));
      }
      buses.push(bus);
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(buses.map((x) => x.close()));
    nats?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('nats-server restarted without -js: both fall back at the reconnect, the outage’s events follow over core NATS; restarted with -js: both back on the stream — each event once, in order', async () => {
    publish(50);
    await allReceived();
    expect(buses.map((x) => x.eventsDurable)).toEqual([true, true, true]);

    await stopNats();
    publish(30); // into the outage: held in a's outbox, unacknowledged
    await startNats(false);
    await until('all fell back to core NATS', () => (buses.every((x) => !x.eventsDurable) ? true : undefined), 30_000, 20);
    for (const x of buses) expect(x.degraded()).toEqual([{ name: 'bus', reason: expect.stringMatching(WENT_AWAY) }]);
    expect(buses[a]!.degraded()[0]!.reason).toMatch(/no responders/);
    publish(30);
    await allReceived();
    expectEachOnceInOrder();

    await stopNats();
    await startNats(true); // the same store: the stream is there again
    await until('all back on the stream', () => (buses.every((x) => x.eventsDurable) ? true : undefined), 30_000, 20);
    expect(buses.map((x) => x.degraded())).toEqual([[], [], []]);
    publish(30);
    publish(10, c);
    await allReceived();
    expectEachOnceInOrder();
    expect([...fellBack.values()]).toEqual([1, 1, 1]);
  }, 120_000);

  it('the stream deleted: the listening buses hear it from their consumers and fall back; c, which only publishes, finds out when no stream acknowledges — its resent events, which a and b heard on core NATS, are handed on once; the next check creates the stream again and all switch to it', async () => {
    const admin = await connect({ servers: url });
    try {
      await (await admin.jetstreamManager()).streams.delete(EVENTS_STREAM);
    } finally {
      await admin.close();
    }
    await until('a and b fell back to core NATS', () => (!buses[a]!.eventsDurable && !buses[b]!.eventsDurable ? true : undefined), 30_000, 20);
    for (const x of [a, b]) expect(buses[x]!.degraded()).toEqual([{ name: 'bus', reason: expect.stringMatching(/stream not found/) }]);
    expect(buses[c]!.eventsDurable).toBe(true); // it has not published since, and its check has not run
    // c's publish reaches the subject (a and b hear it on core NATS) but no stream acknowledges it:
    // c resends, checks, falls back and sends its outbox over core NATS.
    publish(20, c);
    await until('c fell back to core NATS', () => (!buses[c]!.eventsDurable ? true : undefined), 30_000, 20);
    expect(buses[c]!.degraded()).toEqual([{ name: 'bus', reason: expect.stringMatching(/stream not found/) }]);
    publish(20, c);
    publish(20);
    await allReceived();
    expectEachOnceInOrder();

    for (const x of clocks) x.advance(JETSTREAM_RECHECK_MS); // the periodic check: JetStream answers, the stream is created again
    await until('all back on the stream', () => (buses.every((x) => x.eventsDurable) ? true : undefined), 30_000, 20);
    publish(20);
    publish(20, c);
    await allReceived();
    expectEachOnceInOrder();
    expect([...fellBack.values()]).toEqual([2, 2, 2]);
  }, 120_000);
});

describe.skipIf(clusterSkipReason !== undefined)('an instance whose nats-server is restarted without -js', () => {
  let rig: ClusterRig;
  let inst: Instance;
  beforeAll(async () => {
    rig = await ClusterRig.create(['jl'], { bundle: true });
    inst = await rig.startInstance('a', ['jl'], { log: { level: 'info' } }); // the bus's degraded / no longer degraded lines
  }, 300_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('durable, then degraded on /api/health and /api/ready (still 200) saying why, then durable again after a restart with -js', async () => {
    expect(await (await inst.api('/health')).json()).toEqual({ ok: true, degraded: [] });
    const port = rig.natsPort;
    await rig.stopNats();
    await rig.startNats(port, { jetstream: false });
    await until('degraded', async () => {
      const h = (await (await inst.api('/health')).json()) as { degraded: unknown[] };
      return h.degraded.length > 0 ? true : undefined;
    }, 60_000, 200);
    expect(await (await inst.api('/health')).json()).toEqual({ ok: true, degraded: [{ name: 'bus', reason: expect.stringMatching(WENT_AWAY) }] });
    await until('ready (degraded is not down)', async () => ((await inst.api('/ready')).status === 200 ? true : undefined), 30_000, 200);
    expect(await (await inst.api('/ready')).json()).toMatchObject({ ok: true, degraded: [{ name: 'bus', reason: expect.stringMatching(WENT_AWAY) }] });
    await rig.stopNats();
    await rig.startNats(port, { jetstream: true });
    await until('no longer degraded', async () => {
      const h = (await (await inst.api('/health')).json()) as { degraded: unknown[] };
      return h.degraded.length === 0 ? true : undefined;
    }, 60_000, 200);
    // Its log says both (the rig copies the output to the file asynchronously: wait for the lines).
    const logged = /"msg":"degraded: events are not durable[^\n]*went away[\s\S]*"msg":"no longer degraded/;
    await until('both lines in the log', () => (logged.test(readFileSync(join(rig.dir, 'a.log'), 'utf8')) ? true : undefined), 10_000, 100);
  }, 120_000);
});
