/**
 * startFleet: many simulated PX4s on real UDP sockets sharing one simulated clock.
 *
 * Ports like PX4 SITL: vehicle N (0-based) has sysid N+1, binds 18570+N and sends its GCS stream
 * to 127.0.0.1:14550 from boot on (`udpout://`), or listens on a given port (`udpin://`).
 * Time: a FakeClock advanced in fixed physics steps, either by a real-time ticker × `speed`, or
 * only by `step(ms)` (`manual: true`, deterministic for tests). Vehicles can be added and removed
 * while the fleet runs (fleet-membership.ts).
 */
import { FakeClock } from '../../firmware-bridge/clock.js';
import type { BatteryModel } from '../physics/battery.js';
import type { WindConfig } from '../physics/wind.js';
import type { BootTiming } from '../vehicle/state.js';
import { startControlServer, type ControlServer } from './control.js';
import { FaultSchema, type FaultSpec } from './faults.js';
import { Membership, openVehicle } from './fleet-membership.js';
import type { SimVehicle } from './sim-vehicle.js';

export { DEFAULT_GCS_URL, DEFAULT_HOME, PX4_SITL_BASE_PORT } from './fleet-membership.js';
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
  /**
   * MAVLink 2 signing like a PX4 with signing on (require: default true): each vehicle signs with
   * its own key from `vehicleKeys` (sysid → key), else with `key`; a vehicle with neither does not sign.
   */
  signing?: { key?: Buffer; vehicleKeys?: ReadonlyMap<number, Buffer>; require?: boolean };
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
  /**
   * Add a vehicle to the running fleet: the next sysid (never a removed one's while fresh ones
   * remain) and its port (basePort + sysid − 1), the fleet's home spaced like the others unless
   * `spec.home`, the fleet's GCS URL, battery, wind and params unless `spec` says otherwise.
   * It boots like a fresh PX4 (first HEARTBEAT 2 s later).
   */
  addVehicle(spec?: VehicleSpec): Promise<FleetVehicle>;
  /** Close the vehicle's link and stop ticking it; its last status is returned. Unknown sysid: throws. */
  removeVehicle(sysid: number): Promise<VehicleStatus>;
  setSpeed(speed: number): void;
  readonly speed: number;
  status(): VehicleStatus[];
  control: ControlServer | undefined;
  close(): Promise<void>;
}

/**
 * Start simulated vehicles.
 * @example const fleet = await startFleet({ vehicles: 3, speed: 20 }); …; await fleet.close();
 */
export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const specs: VehicleSpec[] = typeof options.vehicles === 'object' ? options.vehicles : Array.from({ length: options.vehicles ?? 1 }, () => ({}));
  const clock = new FakeClock(0);
  const stepMs = options.stepMs ?? 20;
  const vehicles: FleetVehicle[] = [];
  let speed = options.speed ?? 1;
  // A ticking fleet runs `speed`× wall-clock time; the GCS-facing mission-transfer timers count
  // wall-clock time (a real-time GCS cannot answer within 250/speed ms). A manual fleet has no
  // wall clock: its timers count simulated time, as PX4's do.
  const speedOf = options.manual ? undefined : () => speed;
  try {
    for (const [index, spec] of specs.entries()) vehicles.push(await openVehicle(index + 1, spec, options, clock, speedOf));
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
  const membership = new Membership(vehicles, options, clock, () => closed, speedOf);
  const fleet: Fleet = {
    vehicles,
    clock,
    nowS: () => clock.now() / 1000,
    step,
    fault,
    addVehicle: (spec) => membership.add(spec),
    removeVehicle: (sysid) => membership.remove(sysid),
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
