/**
 * startFleet: many simulated PX4s on real UDP sockets sharing one simulated clock.
 *
 * Ports like PX4 SITL: vehicle N (0-based) has sysid N+1, binds 18570+N and sends its GCS stream
 * to 127.0.0.1:14550 from boot on (`udpout://`), or listens on a given port (`udpin://`).
 * Time: a FakeClock advanced in fixed physics steps, either by a real-time ticker × `speed`, or
 * only by `step(ms)` (`manual: true`, deterministic for tests).
 */
import { FakeClock } from '../../firmware-bridge/clock.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { modeFromCustomMode } from '../../firmware-bridge/px4/modes.js';
import { UdpInTransport, UdpOutTransport } from '../../firmware-bridge/transport/udp.js';
import { parseConnectionUrl } from '../../firmware-bridge/transport/url.js';
import type { BatteryModel } from '../physics/battery.js';
import { fromNE } from '../physics/geo.js';
import type { WindConfig } from '../physics/wind.js';
import { ParamStore } from '../params/params.js';
import type { BootTiming } from '../vehicle/state.js';
import { startControlServer, type ControlServer } from './control.js';
import { FaultSchema, type FaultSpec } from './faults.js';
import { SimVehicle } from './sim-vehicle.js';

export const DEFAULT_HOME = { lat: 53.5508, lon: 9.9925, altAmsl: 10 };
export const DEFAULT_GCS_URL = 'udpout://127.0.0.1:14550';
export const PX4_SITL_BASE_PORT = 18570;
/** Real ms one ticker step may cover at most (see the ticker). */
export const MAX_TICK_REAL_MS = 30;

export interface HomeSpec {
  lat: number;
  lon: number;
  altAmsl?: number;
}

export interface VehicleSpec {
  home?: HomeSpec;
  /** `udpout://host:port` (send there from localPort, as PX4 SITL) or `udpin://host:port` (listen) */
  gcs?: string;
  /** udpout bind port; default basePort + index; 0 = any */
  localPort?: number;
  wind?: WindConfig;
  battery?: BatteryModel;
  params?: Record<string, number>;
}

export interface TimedFault {
  atS: number;
  /** sysid; omitted = every vehicle */
  vehicle?: number;
  fault: FaultSpec;
}

export interface FleetOptions {
  /** how many vehicles, or one spec per vehicle */
  vehicles?: number | VehicleSpec[];
  home?: HomeSpec;
  /** vehicles sharing a home are placed this many metres apart (east) */
  spacingM?: number;
  /** simulated seconds per real second (ignored with manual) */
  speed?: number;
  /** no ticker: time moves only through fleet.step(ms) */
  manual?: boolean;
  /** physics step, simulated ms (default 20) */
  stepMs?: number;
  highRateHz?: number;
  seed?: number;
  wind?: WindConfig;
  battery?: BatteryModel;
  params?: Record<string, number>;
  gcs?: string;
  basePort?: number;
  boot?: Partial<BootTiming>;
  faults?: TimedFault[];
  /** HTTP control endpoint on 127.0.0.1 (port 0 = any) */
  control?: { port: number; host?: string };
}

export interface VehicleStatus {
  sysid: number;
  t: number;
  mode: string;
  armed: boolean;
  landedState: number;
  systemStatus: number;
  lat: number;
  lon: number;
  relAltM: number;
  groundSpeedMps: number;
  batteryPct: number;
  missionSeq: number;
  missionTotal: number;
  gcsConnected: boolean;
}

export interface FleetVehicle {
  index: number;
  sysid: number;
  /** the local UDP port the vehicle sends from / listens on */
  localPort: number;
  gcsUrl: string;
  sim: SimVehicle;
  status(): VehicleStatus;
}

export interface Fleet {
  vehicles: FleetVehicle[];
  clock: FakeClock;
  /** simulated seconds since launch */
  nowS(): number;
  /** advance simulated time (manual fleets; also usable on running ones) */
  step(ms: number): void;
  /** apply a named fault to one vehicle (sysid) or all */
  fault(target: number | 'all', spec: FaultSpec): void;
  setSpeed(speed: number): void;
  readonly speed: number;
  status(): VehicleStatus[];
  control: ControlServer | undefined;
  close(): Promise<void>;
}

function statusOf(sim: SimVehicle): VehicleStatus {
  const v = sim.vehicle;
  const s = v.s;
  const p = v.position();
  return {
    sysid: s.sysid,
    t: s.t,
    mode: modeFromCustomMode(v.customMode).displayName,
    armed: s.armed,
    landedState: s.landed,
    systemStatus: s.failsafe.active && s.armed ? 5 : s.armed ? 4 : s.ready ? 3 : 0,
    lat: p.lat,
    lon: p.lon,
    relAltM: p.relAlt,
    groundSpeedMps: Math.hypot(s.body.vn, s.body.ve),
    batteryPct: Math.round(s.battery.reportedSoc * 100),
    missionSeq: s.missionCurrent,
    missionTotal: s.mission.items.length,
    gcsConnected: s.gcs.everConnected && !s.gcs.lost,
  };
}

async function openLink(url: string, localPort: number, sysid: number): Promise<{ link: MavlinkLink; port: number }> {
  const c = parseConnectionUrl(url);
  if (c.kind !== 'udp') throw new Error(`simulated vehicles speak UDP only; got "${url}" (use udpout://host:port or udpin://host:port)`);
  const transport = c.mode === 'out' ? await UdpOutTransport.open(c.host, c.port, localPort) : await UdpInTransport.open(c.host, c.port);
  return { link: new MavlinkLink(transport, { identity: { sysid, compid: 1 }, heartbeat: false }), port: transport.localPort };
}

/**
 * Start simulated vehicles.
 * @example const fleet = await startFleet({ vehicles: 3, speed: 20 }); …; await fleet.close();
 */
export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const specs: VehicleSpec[] = typeof options.vehicles === 'object' ? options.vehicles : Array.from({ length: options.vehicles ?? 1 }, () => ({}));
  const clock = new FakeClock(0);
  const stepMs = options.stepMs ?? 20;
  const basePort = options.basePort ?? PX4_SITL_BASE_PORT;
  const vehicles: FleetVehicle[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      const sysid = index + 1;
      const h = spec.home ?? options.home ?? DEFAULT_HOME;
      const shared = !spec.home;
      const ll = shared ? fromNE({ n: 0, e: index * (options.spacingM ?? 5) }, h) : h;
      const home = { lat: ll.lat, lon: ll.lon, altAmsl: h.altAmsl ?? DEFAULT_HOME.altAmsl };
      const params = new ParamStore({ ...options.params, ...spec.params });
      const sim = new SimVehicle(
        { sysid, home, params, wind: spec.wind ?? options.wind, batteryModel: spec.battery ?? options.battery, seed: (options.seed ?? 1) + index, boot: options.boot, highRateHz: options.highRateHz },
        clock,
      );
      const gcsUrl = spec.gcs ?? options.gcs ?? DEFAULT_GCS_URL;
      const { link, port } = await openLink(gcsUrl, spec.localPort ?? (basePort === 0 ? 0 : basePort + index), sysid);
      sim.addLink(link);
      vehicles.push({ index, sysid, localPort: port, gcsUrl, sim, status: () => statusOf(sim) });
    }
  } catch (e) {
    await Promise.all(vehicles.map((v) => v.sim.close()));
    throw e;
  }

  let acc = 0;
  const step = (ms: number): void => {
    acc += ms;
    while (acc >= stepMs) {
      clock.advance(stepMs);
      acc -= stepMs;
      for (const v of vehicles) v.sim.pump();
    }
  };
  const fault = (target: number | 'all', spec: FaultSpec): void => {
    const f = FaultSchema.parse(spec);
    const hit = vehicles.filter((v) => target === 'all' || v.sysid === target);
    if (hit.length === 0) throw new Error(`no simulated vehicle with sysid ${target}; have ${vehicles.map((v) => v.sysid).join(', ')}`);
    for (const v of hit) v.sim.applyFault(f);
  };
  for (const tf of options.faults ?? []) {
    FaultSchema.parse(tf.fault);
    clock.setTimer(tf.atS * 1000, () => fault(tf.vehicle ?? 'all', tf.fault));
  }

  let speed = options.speed ?? 1;
  let timer: NodeJS.Timeout | undefined;
  if (!options.manual) {
    let last = performance.now();
    timer = setInterval(() => {
      const now = performance.now();
      // After a stall (GC, a busy host process) the simulation pauses instead of jumping ahead:
      // a 200 ms stall at 30× would otherwise be 6 simulated seconds at once, enough for PX4's
      // 5 s mission-transfer timeout to fire before the GCS's answer, already queued, is read.
      step(Math.min(now - last, MAX_TICK_REAL_MS) * speed);
      last = now;
    }, 10);
  }
  let closed = false;
  const fleet: Fleet = {
    vehicles,
    clock,
    nowS: () => clock.now() / 1000,
    step,
    fault,
    setSpeed: (x) => {
      if (!(x > 0 && x <= 1000)) throw new Error(`speed must be in (0, 1000], got ${x}`);
      speed = x;
    },
    get speed() {
      return speed;
    },
    status: () => vehicles.map((v) => v.status()),
    control: undefined,
    close: async () => {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await fleet.control?.close();
      await Promise.all(vehicles.map((v) => v.sim.close()));
    },
  };
  if (options.control) fleet.control = await startControlServer(fleet, options.control.port, options.control.host ?? '127.0.0.1');
  return fleet;
}
