/**
 * `npm run bench -- cluster`: one instance vs three (PostgreSQL store, NATS bus, leased links) on
 * this machine, simulated PX4s at 1× on three links, websocket clients spread over the instances.
 *   latency: the vehicle's position packet arriving at its link's owner → the telemetry frame
 *            received by a websocket client (any instance; remote ones via NATS), p50/p99;
 *   msgs/s:  telemetry entries received by all clients per second;
 *   CPU:     per instance, % of one core over the window (/proc/<pid>/stat);
 *   failover: SIGKILL of a link's owner → the vehicle served by another instance, median of runs.
 *   start-up: spawn → the instance serving HTTP (modules loaded through tsx, store open, links leased).
 *   cost model: CPU time per frame written (instances) and read (clients), and the ingest alone (a window
 *            without clients) → the cores the configured size needs for p99 ≤ 25 ms, beside this machine's.
 * Sizes from the environment, defaults the issue's: BENCH_VEHICLES (300), BENCH_CLIENTS (2000),
 * BENCH_WINDOW_S (10), BENCH_HIGH_RATE_HZ (10), BENCH_FAILOVERS (5), BENCH_WS_RATE_HZ (10). The load average of the
 * machine is printed beside the figures. Needs ELBFLUG_TEST_POSTGRES_URL and nats-server.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { ClusterRig, TOKEN, clusterSkipReason, ownerOf, until, type Instance } from '../cluster/rig.js';
import { fmt, median, type BenchTable } from './table.js';
import { openSink, type Sink } from './ws-sink.js';
import { LATENCY_BUCKETS_S } from '../../src/server/metrics.js';

const N = Number(process.env.BENCH_VEHICLES ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2000);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 10);
const HIGH_RATE = Number(process.env.BENCH_HIGH_RATE_HZ ?? 10);
const FAILOVERS = Number(process.env.BENCH_FAILOVERS ?? 5);
/** The websocket's telemetry rate per vehicle (telemetry.wsRateHz, default 10). */
const WS_RATE = Number(process.env.BENCH_WS_RATE_HZ ?? 10);
const LINKS = ['la', 'lb', 'lc'];
/** Each simulated vehicle sends from its own UDP port: a link must take them all, and every client. */
const SIZED = { mavlink: { maxPeersPerPort: 256, maxVehiclesPerLink: 255 }, telemetry: { wsMaxClients: 5_000, wsRateHz: WS_RATE } };
const HOME = { lat: 53.57, lon: 9.99 };

const cpuTicks = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100/s)
};

/** /proc/<pid>/schedstat of the main thread: [on-CPU ns, waiting-on-a-run-queue ns, time slices]. */
const schedstat = (pid: number): number[] => readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
/** How long the processes waited for a core each time they became runnable, ms (mean over the window). */
const waitPerSlice = (before: number[][], pids: number[]): number => {
  const after = pids.map(schedstat);
  const wait = after.reduce((a, x, k) => a + x[1]! - before[k]![1]!, 0);
  const slices = after.reduce((a, x, k) => a + x[2]! - before[k]![2]!, 0);
  return slices ? wait / slices / 1e6 : NaN;
};

interface Sample {
  lags: number[];
  /** The lags of entries about a vehicle whose link the client's own instance owns (no NATS hop); three instances only. */
  local: number[];
  /** … and about a vehicle another instance owns (its telemetry came over NATS). */
  remote: number[];
  /** Websocket frames received by the probes. */
  frames: number;
  /** Vehicle entries in the probes' telemetry frames. */
  entries: number;
}

/**
 * One client in PROBE_EVERY is a `ws` client that reads its frames' timestamps (latency, entries); the
 * others are sinks (ws-sink.ts: handshake, subscribe, read and discard), so the bench's one process
 * spends the cores on reading, not decoding, and is not the bottleneck it measures.
 */
const PROBE_EVERY = 10;
const UPDATED = '"updatedAtMs":';
const ID = '{"id":"';

/** `ownLinks[k]`: the links instance k owns (three instances, before any failover), to split the lags by the NATS hop. */
async function clients(instances: readonly Instance[], n: number, ownLinks?: readonly (readonly string[])[]): Promise<{ sample: Sample; frames: () => number; close: () => void }> {
  const sample: Sample = { lags: [], local: [], remote: [], frames: 0, entries: 0 };
  const sockets: WebSocket[] = [];
  const sinks: Sink[] = [];
  const subscribe = JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['telemetry'] });
  const open = async (k: number): Promise<void> => {
    const url = `${instances[k % instances.length]!.url.replace('http', 'ws')}/ws?token=${TOKEN}`;
    if (k % PROBE_EVERY !== 0) return void sinks.push(await openSink(url, subscribe));
    const ws = new WebSocket(url);
    const own = ownLinks?.[k % instances.length];
    ws.on('message', (raw) => {
      sample.frames++;
      const d = raw as Buffer; // text frames arrive as one Buffer
      // No JSON.parse of 50 kB frames: the probes scan for the timestamps (the view's last field), so the bench stays light.
      const now = performance.timeOrigin + performance.now();
      if (d.indexOf('{"type":"telemetry"') !== 0) return;
      for (let i = d.indexOf(UPDATED); i >= 0; i = d.indexOf(UPDATED, i + UPDATED.length)) {
        sample.entries++;
        const at = Number.parseFloat(d.toString('latin1', i + UPDATED.length, i + UPDATED.length + 24));
        if (!Number.isFinite(at)) continue;
        sample.lags.push(now - at);
        if (!own) continue;
        // The view starts with its id: "la/7" is on link la.
        const idAt = d.lastIndexOf(ID, i) + ID.length;
        const link = d.toString('latin1', idAt, d.indexOf('/', idAt));
        (own.includes(link) ? sample.local : sample.remote).push(now - at);
      }
    });
    sockets.push(ws);
    await new Promise<void>((r, j) => ws.once('open', () => r()).once('error', j));
    ws.send(subscribe);
  };
  // 50 at a time: one by one, 2,000 clients take minutes on a loaded machine.
  for (let k = 0; k < n; k += 50) await Promise.all(Array.from({ length: Math.min(50, n - k) }, (_, j) => open(k + j)));
  return {
    sample,
    /** Data frames read by every client so far (probes and sinks). */
    frames: () => sample.frames + sinks.reduce((a, x) => a + x.frames, 0),
    close: () => {
      sockets.forEach((s) => s.terminate());
      sinks.forEach((s) => s.close());
    },
  };
}

/** Progress on stderr (the tables go to stdout). */
const say = (m: string): void => void process.stderr.write(`[cluster bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** An instance's GET /api/metrics: the latency histogram's cumulative buckets ([le seconds, count]) and the frames it wrote. */
async function scrape(i: Instance): Promise<{ buckets: [number, number][]; framesSent: number }> {
  const text = await (await i.api('/metrics')).text();
  const buckets: [number, number][] = [];
  for (const m of text.matchAll(/^elbflug_telemetry_latency_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm)) buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])]);
  return { buckets, framesSent: Number(/^elbflug_ws_frames_sent_total (\S+)$/m.exec(text)?.[1] ?? NaN) };
}

/** Buckets summed over instances, minus an earlier scrape: the window's own histogram. */
const bucketDelta = (after: [number, number][][], before: [number, number][][]): [number, number][] =>
  after[0]!.map(([le], k) => [le, after.reduce((a, b, j) => a + b[k]![1] - (before[j]![k]?.[1] ?? 0), 0)]);

/** A quantile of a cumulative histogram, interpolated within its bucket as Prometheus' histogram_quantile does; ms. */
function histQuantile(buckets: [number, number][], q: number): number {
  const total = buckets.at(-1)![1];
  if (total === 0) return NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) return le === Infinity ? Infinity : (prevLe + ((le - prevLe) * (rank - prevCount)) / Math.max(1, count - prevCount)) * 1000;
    prevLe = le;
    prevCount = count;
  }
  return NaN;
}

/** A histogram quantile for the table: past the last finite bucket it is only known to be above it. */
const msOrAbove = (ms: number): string => (ms === Infinity ? `> ${fmt(LATENCY_BUCKETS_S.at(-1)! * 1000)}` : fmt(ms, 1));

/** Share of a cumulative histogram at or below `le` seconds (one of its bounds), %. */
const shareBelow = (buckets: [number, number][], le: number): number => (100 * buckets.find(([b]) => b === le)![1]) / buckets.at(-1)![1];

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
};

/** What one run shows the service and its clients cost on this machine (CPU time, not wall time). */
interface Costs {
  /** The instances taking in (and, three of them, relaying) the vehicles' telemetry, without clients: cores. */
  ingestCores: number;
  /** One websocket frame written, in the instances (the CPU with clients minus the CPU without, per frame): µs. */
  writeUs: number;
  /** One frame read by a client (the bench's process: sinks, and one probe in ten that scans for timestamps): µs. */
  readUs: number;
}

/** Seconds of the no-clients window of the cost model. */
const QUIET_S = 5;
/**
 * Ticks a second each client must get for p99 ≤ 25 ms: a tick at least every 10 ms leaves 15 ms for the
 * hops before it (simulator → owner → NATS → instance) and the client's read.
 */
const GOAL_TICKS_PER_S = 100;

async function measure(label: string, count: 1 | 3): Promise<{ rows: (string | number)[][]; costs: Costs }> {
  const rig = await ClusterRig.create(LINKS);
  try {
    const per = [Math.ceil(N / 3), Math.ceil(N / 3), N - 2 * Math.ceil(N / 3)];
    const names = count === 1 ? ['solo'] : ['a', 'b', 'c'];
    const started = Date.now();
    // Three instances each list only their own link for the latency window: started together, the first one up
    // would otherwise take every link after the 1 s takeover delay (seen: one owner and two relays).
    const ownLink = (k: number) => ({ ...SIZED, links: [{ name: rig.links[k]!.name, url: `udpin://127.0.0.1:${rig.links[k]!.port}` }] });
    const inst = await Promise.all(names.map((n, k) => rig.startInstance(n, count === 1 ? LINKS : [LINKS[k]!], count === 1 ? SIZED : ownLink(k))));
    const startupS = (Date.now() - started) / 1000;
    say(`${label}: started in ${startupS.toFixed(1)} s; waiting for ${N} vehicles`);
    // After the instances bound the link ports: a vehicle's ephemeral port could otherwise take one.
    const sims = rig.startVehicles(per, { speed: 1, home: HOME, highRateHz: HIGH_RATE, processPerLink: true });
    let seen = 0;
    await until('every vehicle streaming', async () => {
      const ids = new Set<string>();
      for (const i of inst) for (const v of (await (await i.api('/vehicles')).json()) as { id: string }[]) ids.add(v.id);
      seen = ids.size;
      return ids.size >= N ? true : undefined;
    }, 240_000, 1_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${seen} of ${N} vehicles seen after 240 s (load average ${loadavg()[0]!.toFixed(1)})`, { cause: e });
    });
    const owners = count === 3 ? await Promise.all(LINKS.map((l) => ownerOf(inst, l))) : [];
    const c = await clients(inst, CLIENTS, count === 3 ? inst.map((i) => LINKS.filter((_, k) => owners[k] === i)) : undefined);
    say(`${label}: ${CLIENTS} clients connected; measuring ${WINDOW_S} s`);
    await new Promise((r) => setTimeout(r, 2_000)); // first full pictures
    c.sample.lags.length = 0;
    c.sample.local.length = 0;
    c.sample.remote.length = 0;
    c.sample.entries = 0;
    c.sample.frames = 0;
    const frames0 = c.frames();
    const cpu0 = inst.map((i) => cpuTicks(i.child.pid!));
    const sim0 = sims.reduce((a, p) => a + cpuTicks(p.child.pid!), 0);
    const own0 = process.cpuUsage();
    const groups = { instances: inst.map((i) => i.child.pid!), bench: [process.pid], sims: sims.map((p) => p.child.pid!) };
    const sched0 = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, pids.map(schedstat)])) as Record<keyof typeof groups, number[][]>;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const scraped0 = await Promise.all(inst.map(scrape));
    loop.enable();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    const secs = (performance.now() - t0) / 1000;
    const received = c.frames() - frames0;
    const scraped = await Promise.all(inst.map(scrape));
    const served = bucketDelta(scraped.map((x) => x.buckets), scraped0.map((x) => x.buckets));
    const written = scraped.reduce((a, x, k) => a + x.framesSent - scraped0[k]!.framesSent, 0);
    const cpuPct = inst.map((i, k) => (cpuTicks(i.child.pid!) - cpu0[k]!) / secs);
    const cpu = cpuPct.map((x) => x.toFixed(0));
    // The bench's clients and the simulators share the cores: their CPU says whether they are the bottleneck.
    const simCpu = (sims.reduce((a, p) => a + cpuTicks(p.child.pid!), 0) - sim0) / secs;
    const own = process.cpuUsage(own0);
    const waits = (Object.keys(groups) as (keyof typeof groups)[]).map((k) => fmt(waitPerSlice(sched0[k], groups[k]), 2)).join(' / ');
    const ownCpu = (own.user + own.system) / 1e4 / secs;
    loop.disable();
    const ownLag = `${fmt(loop.percentile(50) / 1e6, 1)} / ${fmt(loop.percentile(99) / 1e6, 1)}`;
    c.close();
    const load = loadavg()[0]!.toFixed(1);
    // The cost model's second point: the same vehicles without clients — what taking them in (and relaying them) costs.
    await new Promise((r) => setTimeout(r, 1_000));
    const quiet0 = inst.map((i) => cpuTicks(i.child.pid!));
    const tq = performance.now();
    await new Promise((r) => setTimeout(r, QUIET_S * 1000));
    const quietSecs = (performance.now() - tq) / 1000;
    const ingestPct = inst.reduce((a, i, k) => a + (cpuTicks(i.child.pid!) - quiet0[k]!) / quietSecs, 0);
    const costs: Costs = {
      ingestCores: ingestPct / 100,
      writeUs: ((cpuPct.reduce((a, x) => a + x, 0) - ingestPct) / 100) * secs * 1e6 / written,
      readUs: (ownCpu / 100) * secs * 1e6 / received,
    };
    const split = (xs: number[]): string => (xs.length ? `${fmt(pct(xs, 0.5), 1)} / ${fmt(pct(xs, 0.99), 1)}` : '—');
    const within = (100 * c.sample.lags.filter((x) => x <= 25).length) / c.sample.lags.length;
    const rows: (string | number)[][] = [[label, N, CLIENTS, fmt(pct(c.sample.lags, 0.5), 1), fmt(pct(c.sample.lags, 0.99), 1), `${msOrAbove(histQuantile(served, 0.5))} / ${msOrAbove(histQuantile(served, 0.99))}`, `${fmt(shareBelow(served, 0.025), 1)} % / ${fmt(within, 1)} %`, split(c.sample.local), split(c.sample.remote), fmt(received / secs), fmt((c.sample.entries * PROBE_EVERY) / secs), cpu.map((x) => `${x} %`).join(' / '), `${fmt(ownCpu)} % (loop delay p50/p99 ${ownLag} ms)`, `${fmt(simCpu)} %`, waits, '—', `${startupS.toFixed(1)} s`, load]];
    if (count === 3 && FAILOVERS > 0) {
      // Failover: a standby that lists every link takes 'la' when its owner dies; the killed one comes back as the next standby.
      inst.push(await rig.startInstance('standby', [], SIZED));
      const times: number[] = [];
      for (let k = 0; k < FAILOVERS; k++) {
        const owner = (await ownerOf(inst, 'la'))!;
        const t = Date.now();
        await rig.kill(owner);
        await until('taken over', async () => {
          const o = await ownerOf(inst, 'la');
          return o && ((await (await o.api('/vehicles')).json()) as { id: string }[]).some((v) => v.id.startsWith('la/')) ? true : undefined;
        }, 30_000, 50);
        times.push(Date.now() - t);
        say(`failover ${k + 1}/${FAILOVERS}: ${times.at(-1)} ms`);
        inst[inst.indexOf(owner)] = await rig.startInstance(owner.name, [], SIZED);
      }
      rows[0]![15] = `${fmt(median(times))} ms (${times.join(', ')})`;
    }
    return { rows, costs };
  } finally {
    await rig.close();
  }
}

export async function run(): Promise<BenchTable[]> {
  if (clusterSkipReason) return [{ title: 'Cluster', columns: ['skipped'], rows: [[clusterSkipReason]] }];
  const one = await measure('1 instance', 1);
  const three = await measure('3 instances', 3);
  const rows = [...one.rows, ...three.rows];
  const ticks = Math.min(N * WS_RATE, GOAL_TICKS_PER_S);
  const model = (c: Costs): string => {
    // CPU the run could not get shows as a window with clients cheaper than the one without: no model from that.
    if (!(c.writeUs > 0 && c.readUs > 0)) return `not measurable in this run (ingest ${fmt(c.ingestCores, 2)} cores; the window with clients got less CPU than the one without — the machine was busy)`;
    const service = c.ingestCores + (CLIENTS * ticks * c.writeUs) / 1e6;
    const readers = (CLIENTS * ticks * c.readUs) / 1e6;
    return `ingest ${fmt(c.ingestCores, 2)} cores; a frame costs ${fmt(c.writeUs, 1)} µs to write and ${fmt(c.readUs, 1)} µs to read → ${N} vehicles and ${CLIENTS} clients at ${ticks} ticks/s need ≈ ${fmt(service, 1)} cores for the service and ≈ ${fmt(readers, 1)} for the clients`;
  };
  return [
    {
      title: `Cluster: MAVLink in → websocket out (${N} simulated vehicles at 1×, streams at ${HIGH_RATE} Hz, ${CLIENTS} ws clients at ${WS_RATE} Hz per vehicle, ${WINDOW_S} s window)`,
      columns: ['setup', 'vehicles', 'clients', 'latency p50 ms', 'latency p99 ms', 'written p50 / p99 ms (instances’ histograms)', '≤ 25 ms: written / received', 'p50 / p99 ms, owner’s clients', 'p50 / p99 ms, via NATS', 'ws frames/s received', 'vehicle updates/s received (probes × 10)', 'CPU per instance', 'CPU bench clients', 'CPU simulators (all)', 'run-queue wait per time slice ms: instances / bench / simulators', 'failover (median)', 'start-up (all instances)', 'load average (1 min)'],
      rows,
      notes: ['Latency: the position packet reaching its link owner (updatedAtMs) → the frame received by a probe client (one in ten; clients of non-owning instances include the NATS hop; the two split columns: entries about vehicles the client’s instance owns, and about vehicles another instance owns). Written: the same start → the frame written to every client of an instance (elbflug_telemetry_latency_seconds of GET /api/metrics, all instances’ histograms added over the window, quantiles interpolated within buckets as Prometheus does) — what the service does, without the bench’s clients reading on the same cores. CPU in % of one core; the bench’s clients (one process) and the simulators run on the same cores. Run-queue wait: how long a process that became runnable waited for a core (/proc/<pid>/schedstat of its main thread), mean per time slice — every hop on the path (simulator, owner, NATS, other instance, client) pays it at least once. Start-up: spawn → serving HTTP with its links leased, the instances started together.',
        `Cost model (CPU time measured in this run; then ${QUIET_S} s without clients for the ingest alone; this machine has ${cpus().length} cores): 1 instance: ${model(one.costs)}; 3 instances: ${model(three.costs)}. For p99 ≤ 25 ms every client needs a frame at least every 10 ms (${GOAL_TICKS_PER_S} ticks/s while ≥ ${GOAL_TICKS_PER_S} vehicle updates/s are due); more cores than the machine has means the run-queue waits, not the service, set the tail.`],
    },
  ];
}
