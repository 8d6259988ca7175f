/**
 * Telemetry fan-out (issue 6): 50 simulated PX4s at PX4's stream rates (their own process) → UDP →
 * Fleet → WsHub → 200 websocket clients following every vehicle (their own process). Measures
 * packet-arrival → ws-frame-sent lag (p50/p99) inside the service process, its CPU and memory.
 * Goal: p99 ≤ 10 ms.
 */
import { fork, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { systemClock } from '../../firmware-bridge/clock.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { Fleet } from '../../src/fleet/fleet.js';
import { telemetryView } from '../../src/server/vehicle-routes.js';
import { WsHub } from '../../src/server/ws-hub.js';
import { urgentChange } from '../../src/server/push-pacer.js';
import { fmt, type BenchTable } from './table.js';

const VEHICLES = 50;
const CLIENTS = 200;
const WARMUP_MS = 5_000;
const MEASURE_MS = 10_000;
const ROOT = join(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<BenchTable[]> {
  // Each simulated vehicle sends from its own port: the default peer table (32) would refuse 18 of them.
  const transport = await UdpInTransport.open('127.0.0.1', 0, { policy: { maxPeers: VEHICLES + 8 } });
  const fleet = new Fleet({ clock: systemClock });
  fleet.attach({ name: 'sim', url: 'udpin://127.0.0.1' }, transport);
  const server = createServer();
  const hub = new WsHub(server, {
    tokens: [{ token: 'bench-token', role: 'viewer', name: 'bench' }],
    rateHz: 10,
    snapshot: (id) => {
      const v = fleet.vehicle(id);
      return v ? telemetryView(v) : undefined;
    },
    vehicleIds: () => fleet.vehicles().map((v) => v.id),
    ageMs: (id) => {
      const at = fleet.vehicle(id)?.session.state.lastMessageAtMs;
      return at ? systemClock.now() - Math.max(...Object.values(at)) : undefined;
    },
  });
  fleet.on('state', (v, s, previous) => hub.vehicleChanged(v.id, urgentChange(s, previous))); // as the service does
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;

  const sim = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', '--vehicles', String(VEHICLES), '--speed', '1', '--base-port', '0', '--gcs', `udpout://127.0.0.1:${transport.localPort}`, '--quiet'], { cwd: ROOT, stdio: 'ignore' });
  while (fleet.vehicles().length < VEHICLES) await sleep(100);
  const clients = fork(join(import.meta.dirname, 'fanout-clients.ts'), [`ws://127.0.0.1:${port}/ws?token=bench-token`, String(CLIENTS)], { execArgv: ['--import', 'tsx'], cwd: ROOT });
  await new Promise<void>((resolve, reject) => clients.on('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : m.error ? reject(new Error(m.error)) : undefined)));
  await sleep(WARMUP_MS);
  const report = (): Promise<{ frames: number; bytes: number }> =>
    new Promise((resolve) => {
      clients.once('message', (m: { frames: number; bytes: number }) => resolve(m));
      clients.send({ report: true });
    });
  const before = await report();
  hub.resetLatency();
  const rx0 = fleet.linkStats()[0]!.stats.rxPackets;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(MEASURE_MS);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  const rx = fleet.linkStats()[0]!.stats.rxPackets - rx0;
  const lat = hub.latencyStats();
  const after = await report();
  const got = { frames: after.frames - before.frames, bytes: after.bytes - before.bytes };
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  clients.kill();
  sim.kill();
  hub.close();
  await new Promise((r) => server.close(() => r(undefined)));
  await fleet.close();
  return [
    {
      title: `Telemetry fan-out: ${VEHICLES} simulated PX4s at PX4 rates → ${CLIENTS} websocket clients following every vehicle at 10 Hz (${MEASURE_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up)`,
      columns: ['measure', 'value'],
      rows: [
        ['MAVLink packets in', `${fmt((rx * 1000) / wallMs)} /s`],
        ['lag packet arrival → ws frame sent, p50', lat ? `${fmt(lat.p50Ms, 1)} ms` : '–'],
        ['lag packet arrival → ws frame sent, p99 (goal ≤ 10 ms)', lat ? `${fmt(lat.p99Ms, 1)} ms` : '–'],
        ['frames received by the clients', `${fmt((got.frames * 1000) / wallMs)} /s (${fmt((got.bytes / wallMs) * 1000 / 2 ** 20, 1)} MiB/s)`],
        ['service CPU (one process: links, state, hub)', `${fmt(((cpu.user + cpu.system) / 1000 / wallMs) * 100)} % of one core`],
        ['service memory (RSS)', `${fmt(rssMb)} MiB`],
      ],
      notes: ['The simulator and the 200 clients run in their own processes; the lag is measured inside the service when each frame is handed to the socket, per vehicle entry, from the arrival of the newest packet behind that entry.'],
    },
  ];
}
