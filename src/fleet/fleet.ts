/**
 * Fleet: the live side of the service. Opens the configured links, discovers vehicles on each
 * (several per link), records every link to a .tlog, and gives each vehicle a stable id
 * "<link>/<sysid>" — two links may both carry a sysid 1 (two PX4 SITLs), so sysid alone is not one.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { systemClock, type Clock } from '../../firmware-bridge/clock.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import type { LinkStatsSnapshot } from '../../firmware-bridge/link/stats.js';
import { ParamClient } from '../../firmware-bridge/param/client.js';
import { TlogRecorder } from '../../firmware-bridge/tlog/writer.js';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import { openTransport } from '../../firmware-bridge/transport/open.js';
import { TypedEvents } from '../../firmware-bridge/vehicle/events.js';
import { VehicleRegistry } from '../../firmware-bridge/vehicle/registry.js';
import type { VehicleSession } from '../../firmware-bridge/vehicle/session.js';
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';

export interface LinkSpec {
  name: string;
  url: string;
}

export interface FleetOptions {
  clock?: Clock;
  /** Where link tlogs go (one file per link and service run); omit to record nothing. */
  tlogDir?: string;
}

/** One vehicle as the service sees it. */
export interface FleetVehicle {
  /** "<link>/<sysid>", e.g. "sim/1". */
  readonly id: string;
  readonly link: string;
  readonly sysid: number;
  readonly session: VehicleSession;
  readonly params: ParamClient;
  /** The clock its state's timestamps and our protocol timeouts run on (the fleet's). */
  readonly clock: Clock;
}

export interface FleetEvents {
  vehicle: [vehicle: FleetVehicle];
  state: [vehicle: FleetVehicle, state: VehicleState];
  lost: [vehicle: FleetVehicle];
  regained: [vehicle: FleetVehicle];
}

interface OpenLink {
  spec: LinkSpec;
  link: MavlinkLink;
  registry: VehicleRegistry;
  recorder: TlogRecorder | undefined;
}

export class Fleet extends TypedEvents<FleetEvents> {
  private readonly links: OpenLink[] = [];
  private readonly byId = new Map<string, FleetVehicle>();
  private readonly clock: Clock;

  constructor(private readonly options: FleetOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Open every link; a link that fails to open fails the whole start with its URL named.
   * @example const fleet = await Fleet.open([{ name: 'sitl', url: 'udpin://0.0.0.0:14550' }])
   */
  static async open(specs: readonly LinkSpec[], options: FleetOptions = {}): Promise<Fleet> {
    const fleet = new Fleet(options);
    try {
      for (const spec of specs) fleet.attach(spec, await openTransport(spec.url));
    } catch (e) {
      await fleet.close();
      throw e;
    }
    return fleet;
  }

  /**
   * Add a link whose transport is already open (the embedded simulator's, tests).
   * `heartbeatClock` paces only our 1 Hz GCS heartbeat on this link: a simulator at 20× must still
   * see one per simulated second, or PX4 counts the GCS as lost (and stops sending STATUSTEXT).
   * Everything else — link health, staleness, protocol timeouts — is real time: a radio link and a
   * busy event loop do not speed up with the simulation.
   */
  attach(spec: LinkSpec, transport: Transport, heartbeatClock: Clock = this.clock): void {
    const clock = this.clock;
    const link = new MavlinkLink(transport, { clock: heartbeatClock });
    let recorder: TlogRecorder | undefined;
    if (this.options.tlogDir) {
      mkdirSync(this.options.tlogDir, { recursive: true });
      recorder = new TlogRecorder(link, join(this.options.tlogDir, `${spec.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.tlog`));
    }
    const registry = new VehicleRegistry(link, { clock });
    const vehicleOf = (s: VehicleSession): FleetVehicle => this.byId.get(`${spec.name}/${s.sysid}`)!;
    registry.on('vehicleDiscovered', (session) => {
      const v: FleetVehicle = { id: `${spec.name}/${session.sysid}`, link: spec.name, sysid: session.sysid, session, params: new ParamClient(session.channel, { clock }), clock };
      this.byId.set(v.id, v);
      this.emit('vehicle', v);
    });
    registry.on('stateChanged', (s, state) => this.emit('state', vehicleOf(s), state));
    registry.on('connectionLost', (s) => this.emit('lost', vehicleOf(s)));
    registry.on('connectionRegained', (s) => this.emit('regained', vehicleOf(s)));
    this.links.push({ spec, link, registry, recorder });
  }

  /**
   * Close one link and forget its vehicles (cluster: the link's lease moved to another instance).
   * Their deliveries stay in the store; whoever opens the link next resumes them.
   */
  async detach(name: string): Promise<void> {
    const i = this.links.findIndex((l) => l.spec.name === name);
    if (i < 0) return;
    const [l] = this.links.splice(i, 1);
    for (const [id, v] of this.byId) if (v.link === name) this.byId.delete(id);
    l!.registry.close();
    await l!.recorder?.close();
    await l!.link.close();
  }

  vehicles(): FleetVehicle[] {
    return [...this.byId.values()];
  }

  vehicle(id: string): FleetVehicle | undefined {
    return this.byId.get(id);
  }

  linkStats(): { name: string; url: string; tlog: string | undefined; stats: LinkStatsSnapshot }[] {
    return this.links.map((l) => ({ name: l.spec.name, url: l.spec.url, tlog: l.recorder?.path, stats: l.link.stats() }));
  }

  /** The tlog that records a vehicle's link (flights point into it by time). */
  tlogOf(vehicleId: string): string | undefined {
    const v = this.byId.get(vehicleId);
    return v ? this.links.find((l) => l.spec.name === v.link)?.recorder?.path : undefined;
  }

  async close(): Promise<void> {
    for (const l of this.links) {
      l.registry.close();
      await l.recorder?.close();
      await l.link.close();
    }
    this.links.length = 0;
  }
}
