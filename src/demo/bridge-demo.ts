/**
 * The bridge demo `npm start` runs until the service exists: a simulated PX4 (or a real one via
 * --connect) flies the Rathaus → Uhlenhorst delivery from missions/plans, driven only through
 * firmware-bridge: discovery, verified mission/fence/rally upload, arm, mission start, live state.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../firmware-bridge/clock.js';
import { isBridgeError } from '../../firmware-bridge/errors.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { openTransport } from '../../firmware-bridge/transport/open.js';
import { TlogRecorder } from '../../firmware-bridge/tlog/writer.js';
import type { VehicleSession } from '../../firmware-bridge/vehicle/session.js';
import { VehicleRegistry } from '../../firmware-bridge/vehicle/registry.js';
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import { startFleet, type Fleet } from '../../sim/embedded.js';
import { parseQgcPlan } from '../mission/qgc-plan.js';

export interface DemoOptions {
  /** Connect to a real vehicle (e.g. udpin://0.0.0.0:14550 for PX4 SITL) instead of the embedded simulator. */
  connect?: string;
  /** Simulated seconds per real second for the embedded simulator. */
  speed: number;
  plan: string;
  dataDir: string;
  /** Give up after this many real seconds. */
  timeoutS: number;
  log: (line: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One status line, e.g. `t+  42s  Mission  armed  IN_AIR  53.55301 9.99500  60.0 m  9.8 m/s  bat 81 %  item 3/7`. */
export function statusLine(s: VehicleState, elapsedS: number): string {
  const p = s.position;
  const parts = [
    `t+${elapsedS.toFixed(0).padStart(4)}s`,
    (s.flightMode ?? '?').padEnd(8),
    s.armed ? 'armed   ' : 'disarmed',
    (s.landedState ?? '?').padEnd(9),
    p ? `${p.lat.toFixed(5)} ${p.lon.toFixed(5)} ${p.relAltM.toFixed(1).padStart(5)} m` : 'no position',
    `${(s.velocity?.groundSpeedMps ?? 0).toFixed(1).padStart(4)} m/s`,
    `bat ${s.battery?.remainingPct ?? '?'} %`,
    s.mission?.total ? `item ${s.mission.currentSeq}/${s.mission.total}` : 'no mission',
  ];
  return parts.join('  ');
}

async function untilTrue(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Arm, retrying while PX4 is still booting (TEMPORARILY_REJECTED until its preflight checks pass). */
async function armWhenReady(v: VehicleSession, timeoutMs: number, log: (l: string) => void): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await v.commands.arm();
      return;
    } catch (e) {
      if (!isBridgeError(e, 'COMMAND_TEMPORARILY_REJECTED') || Date.now() > end) throw e;
      log('  vehicle not ready to arm yet (PX4 preflight checks); retrying in 1 s');
      await sleep(1000);
    }
  }
}

export async function runBridgeDemo(o: DemoOptions): Promise<{ landed: boolean; reached: readonly number[] }> {
  const plan = parseQgcPlan(readFileSync(o.plan, 'utf8'));
  mkdirSync(o.dataDir, { recursive: true });
  let fleet: Fleet | undefined;
  let link: MavlinkLink;
  const clock: Clock = systemClock;
  if (o.connect) {
    link = new MavlinkLink(await openTransport(o.connect));
    o.log(`listening on ${o.connect} for a PX4 vehicle`);
  } else {
    const transport = await openTransport('udpin://127.0.0.1:0');
    const port = (transport as unknown as { localPort: number }).localPort;
    fleet = await startFleet({ vehicles: [{ home: { lat: plan.plannedHome.lat, lon: plan.plannedHome.lon, ...(Number.isFinite(plan.plannedHome.altAmslM) ? { altAmsl: plan.plannedHome.altAmslM } : {}) } }], speed: o.speed, basePort: 0, gcs: `udpout://127.0.0.1:${port}` });
    // Only our heartbeat follows the simulator's clock (PX4 must see one per simulated second);
    // protocol timeouts and link health stay in real time, like the loopback they run over.
    link = new MavlinkLink(transport, { clock: fleet.clock });
    o.log(`embedded simulator: 1 PX4 quadrotor at ${plan.plannedHome.lat}, ${plan.plannedHome.lon}, ${o.speed}× real time, sending to 127.0.0.1:${port}`);
  }
  const tlogPath = join(o.dataDir, `demo-${new Date().toISOString().replace(/[:.]/g, '-')}.tlog`);
  const recorder = new TlogRecorder(link, tlogPath);
  const registry = new VehicleRegistry(link, { clock });
  const started = Date.now();
  const elapsed = (): number => (Date.now() - started) / 1000;
  let printed = 0;
  try {
    await untilTrue(() => registry.list().length > 0, o.timeoutS * 1000, 'a vehicle heartbeat');
    const v = registry.list()[0]!;
    o.log(`vehicle ${v.sysid} discovered (${v.state.flightMode ?? 'mode?'}); uploading ${plan.mission.length} mission items, ${plan.fence.length} fence items, ${plan.rally.length} rally points`);
    registry.on('stateChanged', (s) => {
      for (const t of s.state.statusTexts.recent) {
        if (t.serial > printed) {
          printed = t.serial;
          o.log(`  [${t.severityName}] ${t.text}`);
        }
      }
    });
    for (const [type, items] of [['mission', plan.mission], ['fence', plan.fence], ['rally', plan.rally]] as const) {
      const up = await v.missions.uploadVerified(type, items);
      o.log(`  ${type}: ${up.count} items uploaded and read back identical (opaque_id ${up.opaqueId})`);
    }
    await armWhenReady(v, o.timeoutS * 1000, o.log);
    await v.commands.missionStart();
    o.log('armed, mission started');
    let wasAirborne = false;
    const end = Date.now() + o.timeoutS * 1000;
    let lastLine = 0;
    while (Date.now() < end) {
      const s = v.state;
      if (s.landedState === 'IN_AIR') wasAirborne = true;
      if (Date.now() - lastLine >= 1000) {
        o.log(statusLine(s, elapsed()));
        lastLine = Date.now();
      }
      if (wasAirborne && !s.armed && s.landedState === 'ON_GROUND') {
        o.log(statusLine(s, elapsed()));
        o.log(`delivered: reached items ${s.reachedItems.join(', ')}; landed at ${s.position?.lat.toFixed(6)}, ${s.position?.lon.toFixed(6)}`);
        return { landed: true, reached: s.reachedItems };
      }
      await sleep(50);
    }
    o.log(`gave up after ${o.timeoutS} s without a landing`);
    return { landed: false, reached: v.state.reachedItems };
  } finally {
    const stats = link.stats();
    o.log(`link: rx ${stats.rxPackets} packets (${stats.rxBytes} B), tx ${stats.txPackets}, CRC errors ${stats.crcErrors}, lost ${stats.seqGaps}`);
    await recorder.close();
    o.log(`flight log: ${tlogPath} (${recorder.packets} packets)`);
    registry.close();
    await link.close();
    await fleet?.close();
  }
}
