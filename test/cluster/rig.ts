/**
 * A real cluster on this machine for tests and the bench: a nats-server of its own (free port),
 * a fresh PostgreSQL schema, elbflug instances as child processes (`src/main.ts --store … --bus …`)
 * and simulated PX4s in a child process of their own that outlives any instance (like real drones).
 * Everything is killed by its pid afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG_URL, dropSchema, freshSchema, pgSkipReason } from '../store/postgres-env.js';

export const ROOT = join(import.meta.dirname, '../..');
/** An instance loads ~36k lines through tsx: seconds on an idle machine, minutes on a starved one. */
export const START_TIMEOUT_MS = 240_000;
export const TOKEN = 'cluster-operator-token-0123456789';
export const NATS_SERVER = ['/usr/sbin/nats-server', 'nats-server'].find((p) => !spawnSync(p, ['--version']).error);

/** Why the cluster tests cannot run here (undefined: they can). Throws on CI. */
export const clusterSkipReason: string | undefined = (() => {
  const why = pgSkipReason ?? (NATS_SERVER ? undefined : 'nats-server is not installed (apt-get install nats-server)');
  if (why && process.env.CI === 'true') throw new Error(`${why}. CI=true, so this is a failure, not a skip`);
  return why;
})();

export async function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'udp') {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    const port = s.address().port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Thrown by a probe to stop waiting at once. */
export class Fatal extends Error {}

export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms: number, everyMs = 200): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    // A probe's fetch may fail while an instance starts or dies: try again; a Fatal ends the wait.
    const v = await Promise.resolve()
      .then(probe)
      .catch((e: unknown) => {
        if (e instanceof Fatal) throw e;
        return undefined;
      });
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

/** Each process's whole output also goes to `logFile` (kept after the run, for diagnosis). */
function spawnProc(cmd: string, args: string[], logFile: string): Proc {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const log = createWriteStream(logFile);
  const take = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
    log.write(d);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  child.once('exit', () => log.end());
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, output: () => out, exited };
}

export interface Instance extends Proc {
  name: string;
  url: string;
  api(path: string, init?: RequestInit): Promise<Response>;
}

export interface LinkDef {
  name: string;
  port: number;
}

// A signal (timeout, Ctrl-C) ends a process without its 'exit' listeners unless it exits by itself: then the rigs' children go too.
for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15]] as const) if (process.listenerCount(sig) === 0) process.once(sig, () => process.exit(128 + n));

export class ClusterRig {
  readonly procs: Proc[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'elbflug-cluster-'));
  natsUrl = '';
  private nats: Proc | undefined;
  private natsStarts = 0;
  readonly schema = freshSchema();

  constructor(
    readonly links: readonly LinkDef[],
    /** The PostgreSQL of the instances: the tests' shared one, or a throwaway one of this rig's (then not cleaned up here). */
    readonly pgUrl: string | undefined = PG_URL,
    /** Instances run the precompiled bundle (`npm start`, scripts/run-built.mjs) instead of the sources through tsx. */
    readonly bundle = false,
  ) {
    process.once('exit', this.orphans);
  }

  /** A test or bench that dies on an exception must not leave instances and simulators running (a 'exit' listener may only kill synchronously). */
  private readonly orphans = (): void => {
    for (const p of this.procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  };

  /**
   * `bundle`: instances start as `npm start` does, from the one precompiled bundle (rebuilt by
   * run-built.mjs when a source is newer): they load in about half the time of tsx compiling every
   * source file, which the tests' three concurrent starts on two cores feel most.
   */
  static async create(linkNames: readonly string[], o: { pgUrl?: string; jetstream?: boolean; bundle?: boolean } = {}): Promise<ClusterRig> {
    const links: LinkDef[] = [];
    for (const name of linkNames) links.push({ name, port: await freePort('udp') });
    const rig = new ClusterRig(links, o.pgUrl ?? PG_URL, o.bundle ?? false);
    await rig.startNats(undefined, { jetstream: o.jetstream ?? true });
    return rig;
  }

  /** The port nats-server listens on (a restart reuses it: the instances reconnect to the same URL). */
  get natsPort(): number {
    return Number(new URL(this.natsUrl).port);
  }

  /** `jetstream: false` starts a nats-server without -js (the instances' degraded mode). */
  async startNats(port?: number, o: { jetstream?: boolean } = {}): Promise<void> {
    const p = port ?? (await freePort('tcp'));
    // JetStream (-js) keeps events over an outage; its store in the rig's directory survives a restart.
    const js = o.jetstream === false ? [] : ['-js', '-sd', join(this.dir, 'nats-store')];
    this.nats = spawnProc(NATS_SERVER!, ['-a', '127.0.0.1', '-p', String(p), ...js], join(this.dir, `nats${this.natsStarts++ || ''}.log`));
    this.procs.push(this.nats);
    this.natsUrl = `nats://127.0.0.1:${p}`;
    await until('nats-server', () => (/Server is ready/.test(this.nats!.output()) ? true : undefined), 10_000, 50);
  }

  async stopNats(): Promise<void> {
    if (this.nats) this.killedByTest.add(this.nats.child);
    this.nats?.child.kill('SIGKILL');
    await this.nats?.exited;
  }

  /**
   * Simulated PX4s: `perLink[i]` vehicles send to link i (sysids 1…n over all links, one process).
   * `processPerLink`: one simulator process per link, sysids 1…perLink[i] on each (more than the
   * 255 system ids of one MAVLink network, and the simulation spread over the cores).
   */
  startVehicles(perLink: readonly number[], o: { speed: number; home: { lat: number; lon: number }; highRateHz?: number; processPerLink?: boolean }): Proc[] {
    if (o.processPerLink) return perLink.flatMap((n, i) => (n > 0 ? this.startSim(perLink.map((_, j) => (j === i ? n : 0)), o, `vehicles-${this.links[i]!.name}`) : []));
    return [this.startSim(perLink, o, 'vehicles')];
  }

  private startSim(perLink: readonly number[], o: { speed: number; home: { lat: number; lon: number }; highRateHz?: number }, name: string): Proc {
    const gcs: string[] = [];
    perLink.forEach((n, i) => {
      for (let k = 0; k < n; k++) gcs.push(`udpout://127.0.0.1:${this.links[i]!.port}`);
    });
    const scenario = join(this.dir, `${name}.json`);
    const vehicles = gcs.map((_, k) => ({
      home: { lat: o.home.lat, lon: o.home.lon + k * 0.0001, altAmsl: 10 },
      battery: { kind: 'energy', capacityWh: 700, hoverPowerW: 1100, dragWPerMps3: 0, climbWPerMps: 133, translationalLiftFraction: 0.18 },
      // A failover must not look like a lost GCS to PX4 at this speed factor.
      params: { COM_DL_LOSS_T: 600 },
    }));
    writeFileSync(scenario, JSON.stringify({ speed: o.speed, vehicles }));
    const p = spawnProc(process.execPath, ['--import', 'tsx', 'sim/cli.ts', '--scenario', scenario, '--gcs', ...gcs, '--base-port', '0', '--high-rate', String(o.highRateHz ?? 5), '--quiet'], join(this.dir, `${name}.log`));
    this.procs.push(p);
    return p;
  }

  /** Starts instance `name` preferring `prefer` links; resolves once it serves HTTP. */
  /** `extra`: more configuration (merged over the defaults like the rest), e.g. the bench's peer limits. */
  async startInstance(name: string, prefer: readonly string[], extra: Record<string, unknown> = {}): Promise<Instance> {
    const dataDir = join(this.dir, name);
    const config = join(this.dir, `${name}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        http: { host: '127.0.0.1', port: 0, rateLimit: { windowMs: 60_000, max: 1_000_000 } },
        dataDir,
        store: { url: this.pgUrl, schema: this.schema, retryS: 15 },
        // One tlog directory for all: a flight's tlog spans the segments of every owner.
        cluster: { bus: this.natsUrl, instance: name, preferLinks: prefer, tlogDir: join(this.dir, 'tlogs') },
        links: this.links.map((l) => ({ name: l.name, url: `udpin://127.0.0.1:${l.port}` })),
        simulator: { enabled: false, vehicles: 0, speed: 1, home: { lat: 53.57, lon: 9.99, altAmslM: 10 } },
        auth: { tokens: [{ token: TOKEN, role: 'operator', name: 'olga' }] }, // the same tokens on every instance
        log: { level: process.env.CLUSTER_TEST_LOG_LEVEL ?? 'warn' }, // logs: <rig.dir>/<name>.log
        ...extra,
      }),
    );
    const entry = this.bundle ? ['scripts/run-built.mjs', 'src/main.ts'] : ['--import', 'tsx', 'src/main.ts'];
    const p = spawnProc(process.execPath, [...entry, '--config', config, '--no-demo-flight'], join(this.dir, `${name}.log`));
    this.procs.push(p);
    const url = await until(`instance ${name}`, () => {
      if (p.child.exitCode !== null) throw new Fatal(`instance ${name} exited: ${p.output()}`);
      return /elbflug is running: (http:\/\/127\.0\.0\.1:\d+)/.exec(p.output())?.[1];
    }, START_TIMEOUT_MS);
    const api = (path: string, init: RequestInit = {}) => fetch(`${url}/api${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
    return { ...p, name, url, api };
  }

  private readonly killedByTest = new Set<ChildProcess>(); // by child: an Instance is a copy of its Proc

  /**
   * Throws (Fatal, ends an `until` at once) when a process died that the test did not kill, with
   * its last output: a crashed instance then says why instead of surfacing as a timeout elsewhere.
   */
  assertNoneDied(): void {
    for (const p of this.procs) {
      if (this.killedByTest.has(p.child) || (p.child.exitCode === null && p.child.signalCode === null)) continue;
      throw new Fatal(`${p.child.spawnargs.slice(-4).join(' ')} died (${p.child.exitCode ?? p.child.signalCode}); logs in ${this.dir}:\n${p.output().slice(-4_000)}`);
    }
  }

  async kill(p: Proc): Promise<void> {
    this.killedByTest.add(p.child);
    p.child.kill('SIGKILL');
    await p.exited;
  }

  async close(): Promise<void> {
    process.off('exit', this.orphans);
    this.orphans();
    await Promise.all(this.procs.map((p) => p.exited));
    if (!pgSkipReason && this.pgUrl === PG_URL) await dropSchema(this.schema).catch(() => undefined);
  }
}

/** Which instance has a link open now (GET /api/links of each). */
export async function ownerOf(instances: readonly Instance[], link: string): Promise<Instance | undefined> {
  for (const i of instances) {
    if (i.child.exitCode !== null || i.child.signalCode !== null) continue;
    const links = (await (await i.api('/links')).json().catch(() => [])) as { name: string }[];
    if (links.some((l) => l.name === link)) return i;
  }
  return undefined;
}
