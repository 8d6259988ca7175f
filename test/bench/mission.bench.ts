/**
 * Mission upload over loopback UDP: a 100-item mission from MissionClient to the PX4-faithful
 * MissionServer, timed against the bound RTT × (N + 2) with RTT measured on the same sockets in
 * the same run; and the same upload through a seeded lossy proxy at 20 % loss both ways.
 */
import { common } from '../../firmware-bridge/codec/dialect.js';
import { MavlinkLink, type InboundMessage } from '../../firmware-bridge/link/link.js';
import { channelTo } from '../../firmware-bridge/link/channel.js';
import { MissionClient } from '../../firmware-bridge/mission/client.js';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { UdpInTransport, UdpOutTransport } from '../../firmware-bridge/transport/udp.js';
import { MissionServer } from '../../sim/protocol/mission-server.js';
import { LossyUdpProxy } from '../firmware-bridge/helpers/lossy-proxy.js';
import { fmt, median, type BenchTable } from './table.js';

const N = 100;
const UPLOADS = 15;
const LOSSY_UPLOADS = 15;

function waypoints(n: number): MissionItem[] {
  return Array.from({ length: n }, (_, seq) => ({
    seq,
    frame: 6,
    command: 16,
    current: 0,
    autocontinue: 1,
    param1: 0,
    param2: 2,
    param3: 0,
    param4: Number.NaN,
    x: Math.round((53.55 + seq * 1e-4) * 1e7),
    y: Math.round((9.99 + seq * 1e-4) * 1e7),
    z: 60,
    missionType: 'mission',
  }));
}

function ping(seq: number): common.Ping {
  const p = new common.Ping();
  p.timeUsec = BigInt(seq);
  p.seq = seq;
  p.targetSystem = 0;
  p.targetComponent = 0;
  return p;
}

interface Rig {
  gcs: MavlinkLink;
  vehicle: MavlinkLink;
  proxy?: LossyUdpProxy;
  close(): Promise<void>;
}

/** GCS on udpin, vehicle on udpout to it (optionally through a lossy proxy), PX4 mission server. */
async function rig(lossRate: number, seed: number): Promise<Rig> {
  const gcsT = await UdpInTransport.open('127.0.0.1', 0);
  const gcs = new MavlinkLink(gcsT, { heartbeat: false });
  const proxy = lossRate > 0 ? await LossyUdpProxy.start({ upstreamPort: gcsT.localPort, lossRate, seed }) : undefined;
  const vehicle = new MavlinkLink(await UdpOutTransport.open('127.0.0.1', proxy ? proxy.port : gcsT.localPort), { identity: { sysid: 1, compid: 1 }, heartbeat: false });
  new MissionServer(vehicle, { statusText: false, timing: { currentIntervalMs: 0 } });
  // The vehicle answers PING so we can measure the round trip on these very sockets.
  vehicle.onMessage((m: InboundMessage) => {
    if (m.name === 'PING' && m.frame.sysid === 255) void vehicle.send(ping((m.data as common.Ping).seq));
  });
  // Teach the udpin side the vehicle's address (through the lossy proxy this may take a few tries).
  while (gcs.stats().rxPackets === 0) {
    await vehicle.send(ping(0));
    await new Promise((r) => setTimeout(r, 20));
  }
  return { gcs, vehicle, proxy, close: async () => void (await Promise.all([gcs.close(), vehicle.close(), proxy?.close()])) };
}

async function rttMs(r: Rig, samples = 200): Promise<number> {
  const rtts: number[] = [];
  for (let i = 1; i <= samples; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const off = r.gcs.onMessage((m) => {
        if (m.name === 'PING' && (m.data as common.Ping).seq === i) {
          off();
          resolve();
        }
      });
      void r.gcs.send(ping(i), 1);
    });
    rtts.push(performance.now() - t0);
  }
  return median(rtts);
}

export async function run(): Promise<BenchTable[]> {
  const items = waypoints(N);
  const clean = await rig(0, 1);
  const rtt = await rttMs(clean);
  const client = new MissionClient(channelTo(clean.gcs, { system: 1, component: 1 }));
  await client.upload('mission', items); // warm-up (PX4's first request is the legacy one)
  const times: number[] = [];
  for (let i = 0; i < UPLOADS; i++) {
    const t0 = performance.now();
    await client.upload('mission', items);
    times.push(performance.now() - t0);
  }
  await clean.close();

  const lossyTimes: number[] = [];
  let failures = 0;
  for (let i = 0; i < LOSSY_UPLOADS; i++) {
    const lossy = await rig(0.2, 1000 + i);
    const c = new MissionClient(channelTo(lossy.gcs, { system: 1, component: 1 }));
    const t0 = performance.now();
    try {
      await c.upload('mission', items);
      lossyTimes.push(performance.now() - t0);
    } catch (e) {
      failures++;
      if (process.env.BENCH_VERBOSE) console.error(`lossy upload ${i} failed after ${fmt(performance.now() - t0)} ms:`, (e as Error).message, lossy.proxy?.stats);
    }
    await lossy.close();
  }
  const bound = rtt * (N + 2);
  return [
    {
      title: `Mission upload, ${N} items, MissionClient → PX4-faithful MissionServer over UDP 127.0.0.1 (median of ${UPLOADS}; lossy: ${LOSSY_UPLOADS} runs, new seed each)`,
      columns: ['case', 'median ms', 'bound RTT × (N+2) ms', 'ratio to bound', 'completed'],
      rows: [
        ['loopback, no loss', fmt(median(times), 1), fmt(bound, 1), fmt(median(times) / bound, 2), `${UPLOADS}/${UPLOADS}`],
        ['20 % loss each way (seeded proxy)', lossyTimes.length ? fmt(median(lossyTimes), 0) : '–', fmt(bound, 1), lossyTimes.length ? fmt(median(lossyTimes) / bound, 1) : '–', `${LOSSY_UPLOADS - failures}/${LOSSY_UPLOADS}`],
      ],
      notes: [
        `RTT (PING round trip on the same sockets, median of 200): ${fmt(rtt * 1000, 0)} µs.`,
        `Under loss the upload waits for PX4's own re-request (every 250 ms, MissionServer as PX4 1.16): at 20 % each way an item round trip fails with p = 1 − 0.8² = 0.36, so the expected time is about N × p/(1−p) × 250 ms = ${fmt((N * 0.36 * 250) / 0.64, 0)} ms.`,
      ],
    },
  ];
}
