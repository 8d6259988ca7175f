/**
 * Simulator benchmarks (issue 3): max speed factor for one vehicle flying a 5 km mission (goal
 * ≥ 50×), and CPU for 50 vehicles at 1× (goal: under one core). Real UDP to a sink socket.
 */
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { fromNE } from '../../sim/physics/geo.js';
import { startFleet } from '../../sim/runtime/fleet.js';
import { fmt, type BenchTable } from './table.js';
import type { PlanItem } from '../../sim/vehicle/items.js';

const HOME = { lat: 53.5508, lon: 9.9925 };

/** A 5 km mission (2.5 km out and back) at 60 m, 10 m/s. */
function fiveKm(): PlanItem[] {
  const it = (seq: number, command: number, frame: number, n: number, e: number, z: number, p: number[] = [0, 0, 0, NaN]): PlanItem => {
    const ll = fromNE({ n, e }, HOME);
    return { seq, command, frame, current: 0, autocontinue: 1, param1: p[0]!, param2: p[1]!, param3: p[2]!, param4: p[3]!, x: frame === 2 ? 0 : Math.round(ll.lat * 1e7), y: frame === 2 ? 0 : Math.round(ll.lon * 1e7), z };
  };
  return [it(0, 22, 6, 0, 0, 60), it(1, 178, 2, 0, 0, 0, [1, 10, -1, 0]), it(2, 16, 6, 2500, 0, 60), it(3, 16, 6, 0, 0, 60), it(4, 21, 6, 0, 0, 0)];
}

async function sink(): Promise<{ port: number; count: () => number; close: () => void }> {
  const s = createSocket('udp4');
  let n = 0;
  s.on('message', () => n++);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return { port: (s.address() as AddressInfo).port, count: () => n, close: () => s.close() };
}

async function maxSpeed(highRateHz: number): Promise<{ simS: number; realS: number; datagrams: number }> {
  const gcs = await sink();
  const fleet = await startFleet({ manual: true, basePort: 0, highRateHz, gcs: `udpout://127.0.0.1:${gcs.port}` });
  const v = fleet.vehicles[0]!.sim.vehicle;
  fleet.step(6000);
  v.setPlan(0, fiveKm(), 1);
  v.arm();
  v.enterMode({ main: 4, sub: 4 }, 'user');
  const t0 = performance.now();
  const s0 = fleet.nowS();
  while (v.s.armed && fleet.nowS() < 2000) {
    fleet.step(200);
    await new Promise((r) => setImmediate(r));
  }
  const real = (performance.now() - t0) / 1000;
  const sim = fleet.nowS() - s0;
  const datagrams = gcs.count();
  await fleet.close();
  gcs.close();
  return { simS: sim, realS: real, datagrams };
}

async function fiftyAtOneX(highRateHz: number): Promise<{ corePct: number; datagrams: number }> {
  const gcs = await sink();
  const fleet = await startFleet({ vehicles: 50, speed: 1, basePort: 0, highRateHz, gcs: `udpout://127.0.0.1:${gcs.port}` });
  await new Promise((r) => setTimeout(r, 2000));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 8000));
  const c = process.cpuUsage(c0);
  const wall = (performance.now() - t0) * 1000;
  const datagrams = gcs.count();
  await fleet.close();
  gcs.close();
  return { corePct: ((c.user + c.system) / wall) * 100, datagrams };
}

export async function run(): Promise<BenchTable[]> {
  const speedRows: (string | number)[][] = [];
  for (const hz of [48.85, 5]) {
    const r = await maxSpeed(hz);
    speedRows.push([`1 vehicle, 5 km mission, 50 Hz streams at ${hz} Hz`, fmt(r.simS), fmt(r.realS, 2), `${fmt(r.simS / r.realS)}×`, fmt(r.datagrams)]);
  }
  const cpuRows: (string | number)[][] = [];
  for (const hz of [48.85, 5]) {
    const r = await fiftyAtOneX(hz);
    cpuRows.push([`50 vehicles at 1×, 50 Hz streams at ${hz} Hz`, `${fmt(r.corePct)} %`, fmt(r.datagrams)]);
  }
  return [
    { title: 'Simulator: max speed factor (goal ≥ 50× on one core)', columns: ['case', 'simulated s', 'real s', 'speed factor', 'datagrams sent'], rows: speedRows },
    { title: 'Simulator: CPU for 50 vehicles at 1× over 8 s (goal: under one core)', columns: ['case', 'CPU, % of one core (incl. the UDP sink)', 'datagrams'], rows: cpuRows },
  ];
}
