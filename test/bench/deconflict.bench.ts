/**
 * Deconfliction (issue 16): plan-time check and resolution against 500 live intents over Hamburg,
 * and the index update a telemetry-driven change costs. Intents are straight deliveries between
 * random points within ±10 km of the centre (climb, cruise in 500 m volumes, descent, Return lines
 * and columns), at 60/75/90 m, departing within two hours. Resolution here re-builds the intent for
 * another band without the planner (the planner's own time is in `npm run bench -- planner`).
 */
import os from 'node:os';
import { DEFAULT_DECONFLICT_RULES, delayIntent, IntentIndex, resolveConflicts, type OperationalIntent } from '../../src/deconflict/index.js';
import { intentOf } from '../deconflict/helpers.js';
import { fmt, median, type BenchTable } from './table.js';

const N = 500;
const PROBES = 300;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

export function run(): Promise<BenchTable[]> {
  const r = rng(16);
  const spec = (id: string) => {
    const from: [number, number] = [(r() - 0.5) * 20_000, (r() - 0.5) * 20_000];
    const ang = r() * 2 * Math.PI;
    const len = 1_500 + r() * 8_000;
    return { id, from, to: [from[0] + len * Math.cos(ang), from[1] + len * Math.sin(ang)] as [number, number], h: [60, 75, 90][Math.floor(r() * 3)]!, departS: Math.floor(r() * 7200) };
  };
  const rules = DEFAULT_DECONFLICT_RULES;
  const index = new IntentIndex(rules);
  let volumes = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const it = intentOf(spec(`live-${i}`), rules);
    volumes += it.volumes.length;
    index.put({ ...it, state: i % 3 === 0 ? 'Activated' : 'Accepted' });
  }
  const loadMs = performance.now() - t0;

  // warm-up (JIT), not measured
  for (let k = 0; k < 100; k++) {
    const s = spec(`warm-${k}`);
    resolveConflicts(index, intentOf(s, rules), { atHeight: (h) => intentOf({ ...s, h }, rules) });
  }
  const check: number[] = [];
  let cpuCheck = 0, cpuResolve = 0, cpuUpdate = 0;
  const resolve: number[] = [];
  const kinds: Record<string, number> = {};
  let conflicting = 0;
  for (let k = 0; k < PROBES; k++) {
    const s = spec(`new-${k}`);
    const probe = intentOf(s, rules);
    let cpu = process.cpuUsage();
    let a = performance.now();
    const c = index.conflicts(probe);
    check.push(performance.now() - a);
    cpuCheck += process.cpuUsage(cpu).user;
    if (c.length) conflicting++;
    cpu = process.cpuUsage();
    a = performance.now();
    const res = resolveConflicts(index, probe, { atHeight: (h) => intentOf({ ...s, h }, rules) });
    resolve.push(performance.now() - a);
    cpuResolve += process.cpuUsage(cpu).user;
    kinds[res.kind] = (kinds[res.kind] ?? 0) + 1;
  }

  // a telemetry-driven change: one flight's volumes move by a few seconds (remove + insert)
  const update: number[] = [];
  const live = index.all().filter((i) => i.state === 'Activated').slice(0, 100);
  for (let round = 0; round < 12; round++) {
    for (const it of live) {
      const moved: OperationalIntent = { ...delayIntent(it, 5 * (round + 1)), state: 'Nonconforming', version: it.version + round + 1 };
      const cpu = process.cpuUsage();
      const a = performance.now();
      index.put(moved);
      if (round >= 2) cpuUpdate += process.cpuUsage(cpu).user;
      if (round >= 2) update.push(performance.now() - a); // rounds 0–1 warm up
    }
  }

  return Promise.resolve([
    {
      title: `Deconfliction against ${N} live intents over Hamburg (${fmt(volumes)} volumes; ${PROBES} new plans, ${conflicting} of them conflicting)`,
      columns: ['operation', 'median ms', 'p95 ms', 'mean CPU ms', 'target p95 ms'],
      rows: [
        ['conflict check (index.conflicts)', fmt(median(check), 3), fmt(p95(check), 3), fmt(cpuCheck / 1000 / PROBES, 3), '20'],
        ['check + resolution (resolveConflicts)', fmt(median(resolve), 3), fmt(p95(resolve), 3), fmt(cpuResolve / 1000 / PROBES, 3), '200'],
        ['index update (one intent re-put)', fmt(median(update), 3), fmt(p95(update), 3), fmt(cpuUpdate / 1000 / update.length, 3), '1'],
      ],
      notes: [
        `Resolutions: ${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(', ')}. Loading the ${N} intents (build + insert): ${fmt(loadMs, 0)} ms.`,
        `Machine load average during the run: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores (wall-clock p95 includes time the process waited for a core; mean CPU ms does not).`,
        'The service re-plans a delayed or re-banded delivery with the planner once more (time in the planner bench).',
      ],
    },
  ]);
}
