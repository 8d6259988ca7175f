/**
 * Fleet membership: building one simulated vehicle on its own UDP socket (at start and while the
 * fleet runs), choosing the sysid and port of a vehicle added later, and removing one.
 *
 * Vehicle i (0-based index = sysid − 1) binds basePort + i and, without a home of its own, stands
 * i × spacingM east of the fleet's home, so a vehicle added later lines up with the ones from
 * the start. Sysids are not reused while there are fresh ones below 256: the GCS keeps a removed
 * vehicle's record (marked lost), and a new vehicle under the same sysid would look like that
 * one coming back.
 */
import type { FakeClock } from '../../firmware-bridge/clock.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { modeFromCustomMode } from '../../firmware-bridge/px4/modes.js';
import { UdpInTransport, UdpOutTransport } from '../../firmware-bridge/transport/udp.js';
import { parseConnectionUrl } from '../../firmware-bridge/transport/url.js';
import { streamPhaseMs } from '../mavlink/streams.js';
import { fromNE } from '../physics/geo.js';
import { ParamStore } from '../params/params.js';
import type { FleetOptions, FleetVehicle, VehicleSpec, VehicleStatus } from './fleet.js';
import { SimVehicle } from './sim-vehicle.js';

export const DEFAULT_HOME = { lat: 53.5508, lon: 9.9925, altAmsl: 10 };
export const DEFAULT_GCS_URL = 'udpout://127.0.0.1:14550';
export const PX4_SITL_BASE_PORT = 18570;
/** MAVLink sysids are 1…255. */
export const MAX_SYSID = 255;

export function statusOf(sim: SimVehicle): VehicleStatus {
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

async function openLink(url: string, localPort: number, sysid: number, signing?: FleetOptions['signing']): Promise<{ link: MavlinkLink; port: number }> {
  const c = parseConnectionUrl(url);
  if (c.kind !== 'udp') throw new Error(`simulated vehicles speak UDP only; got "${url}" (use udpout://host:port or udpin://host:port)`);
  const transport = c.mode === 'out' ? await UdpOutTransport.open(c.host, c.port, localPort) : await UdpInTransport.open(c.host, c.port);
  // Signing as PX4 with MAV_SIGN_CFG = 2 (always): signs every frame, rejects unsigned and badly signed ones.
  const key = signing?.vehicleKeys?.get(sysid) ?? signing?.key;
  const sign = key ? { signing: { key, unsigned: signing?.require === false ? ('accept' as const) : ('reject' as const) } } : {};
  return { link: new MavlinkLink(transport, { identity: { sysid, compid: 1 }, heartbeat: false, ...sign }), port: transport.localPort };
}

/** Build and connect vehicle `sysid` (index sysid − 1) with the fleet's defaults under `spec`. */
export async function openVehicle(sysid: number, spec: VehicleSpec, options: FleetOptions, clock: FakeClock, speedOf?: () => number): Promise<FleetVehicle> {
  const index = sysid - 1;
  const basePort = options.basePort ?? PX4_SITL_BASE_PORT;
  const h = spec.home ?? options.home ?? DEFAULT_HOME;
  const ll = spec.home ? h : fromNE({ n: 0, e: index * (options.spacingM ?? 5) }, h);
  const home = { lat: ll.lat, lon: ll.lon, altAmsl: h.altAmsl ?? options.home?.altAmsl ?? DEFAULT_HOME.altAmsl };
  const params = new ParamStore({ ...options.params, ...spec.params });
  const sim = new SimVehicle(
    { sysid, home, params, wind: spec.wind ?? options.wind, batteryModel: spec.battery ?? options.battery, seed: (options.seed ?? 1) + index, boot: options.boot, highRateHz: options.highRateHz, streamPhaseMs: streamPhaseMs(index), ...(speedOf ? { protocolTimeScale: speedOf } : {}) },
    clock,
  );
  const gcsUrl = spec.gcs ?? options.gcs ?? DEFAULT_GCS_URL;
  const { link, port } = await openLink(gcsUrl, spec.localPort ?? (basePort === 0 ? 0 : basePort + index), sysid, options.signing);
  sim.addLink(link);
  return { index, sysid, localPort: port, gcsUrl, sim, status: () => statusOf(sim) };
}

/**
 * The sysid for a vehicle added now: one above the highest ever used, or — once 255 is taken —
 * the lowest free one. Throws when all 255 are in use.
 */
export function nextSysid(inUse: ReadonlySet<number>, highestEver: number): number {
  if (highestEver < MAX_SYSID) return highestEver + 1;
  for (let s = 1; s <= MAX_SYSID; s++) if (!inUse.has(s)) return s;
  throw new Error(`the simulator runs ${MAX_SYSID} vehicles, every MAVLink sysid is taken; remove one first`);
}

/**
 * Membership of a running fleet. `vehicles` is the fleet's own array, changed in place, so the
 * ticker and `fleet.vehicles` see a vehicle from the moment it is added until it is removed.
 */
export class Membership {
  private highest: number;
  /** sysids being opened (the socket bind is asynchronous; two adds must not pick the same one) */
  private readonly opening = new Set<number>();

  constructor(
    private readonly vehicles: FleetVehicle[],
    private readonly options: FleetOptions,
    private readonly clock: FakeClock,
    private readonly isClosed: () => boolean,
    private readonly speedOf?: () => number,
  ) {
    this.highest = Math.max(0, ...vehicles.map((v) => v.sysid));
  }

  async add(spec: VehicleSpec = {}): Promise<FleetVehicle> {
    if (this.isClosed()) throw new Error('the simulator fleet is closed');
    const inUse = new Set([...this.vehicles.map((v) => v.sysid), ...this.opening]);
    const sysid = nextSysid(inUse, this.highest);
    this.highest = Math.max(this.highest, sysid);
    this.opening.add(sysid);
    try {
      const v = await openVehicle(sysid, spec, this.options, this.clock, this.speedOf);
      if (this.isClosed()) {
        await v.sim.close();
        throw new Error('the simulator fleet was closed while the vehicle was being added');
      }
      this.vehicles.push(v);
      this.vehicles.sort((a, b) => a.sysid - b.sysid);
      return v;
    } finally {
      this.opening.delete(sysid);
    }
  }

  /** Stop ticking the vehicle and close its link(s); its GCS sees it fall silent. */
  async remove(sysid: number): Promise<VehicleStatus> {
    const i = this.vehicles.findIndex((v) => v.sysid === sysid);
    if (i < 0) throw new Error(`no simulated vehicle with sysid ${sysid}; have ${this.vehicles.map((v) => v.sysid).join(', ') || 'none'}`);
    const [v] = this.vehicles.splice(i, 1);
    const last = v!.status();
    await v!.sim.close();
    return last;
  }
}
