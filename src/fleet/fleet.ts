/**
 * Fleet: the live side of the service. Opens the configured links, discovers vehicles on each
 * (several per link), records every link to a .tlog, and gives each vehicle a stable id
 * "<link>/<sysid>" — two links may both carry a sysid 1 (two PX4 SITLs), so sysid alone is not one.
 */
import { basename, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { systemClock, type Clock } from '../../firmware-bridge/clock.js';
import { MavlinkLink, type LinkEvent, type SigningOptions } from '../../firmware-bridge/link/link.js';
import type { PeerPolicy } from '../../firmware-bridge/link/peers.js';
import type { LinkStatsSnapshot } from '../../firmware-bridge/link/stats.js';
import { ParamClient } from '../../firmware-bridge/param/client.js';
import { TlogRecorder } from '../../firmware-bridge/tlog/writer.js';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import { openTransport } from '../../firmware-bridge/transport/open.js';
import { TypedEvents } from '../../firmware-bridge/vehicle/events.js';
import { VehicleRegistry } from '../../firmware-bridge/vehicle/registry.js';
import type { VehicleSession } from '../../firmware-bridge/vehicle/session.js';
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import { LINK_ALERT_CODES } from './alerts.js';

export interface LinkSpec {
  name: string;
  url: string;
}

export interface FleetOptions {
  clock?: Clock;
  /** Where link tlogs go (one file per link and service run); omit to record nothing. */
  tlogDir?: string;
  /** Address policy of many-peer listeners (udpin, tcpin): see PeerTable. */
  peerPolicy?: Partial<PeerPolicy>;
  maxVehiclesPerLink?: number;
  /** A lost vehicle leaves the live list after this long (0 = never). */
  vehicleExpiryMs?: number;
  /** A vehicle this says to keep (one flying a delivery) never expires. */
  keep?: (vehicleId: string) => boolean;
  /** Signing per link name (keys never leave this object: not logged, not in the API). */
  signing?: (linkName: string) => SigningOptions | undefined;
}

/** What link supervision raises (stored, published as alerts, logged). */
export { LINK_ALERT_CODES };
export interface LinkAlert {
  link: string;
  /** "<link>/<sysid>" when the alert concerns one vehicle. */
  vehicle?: string;
  code: (typeof LINK_ALERT_CODES)[number];
  severity: 'warning' | 'critical';
  message: string;
}

/** A link event as an alert; conflicts alert on their first refused frame only (not per frame). */
export function linkAlertOf(link: string, e: LinkEvent): LinkAlert | undefined {
  switch (e.kind) {
    case 'conflict':
      return e.count === 1
        ? { link, vehicle: `${link}/${e.sysid}`, code: 'LINK_ADDRESS_CONFLICT', severity: 'critical', message: `frames for ${link}/${e.sysid} from a second address while it talks from its known one; refused (a forger, or a second vehicle with the same sysid)` }
        : undefined;
    case 'moved':
      return { link, vehicle: `${link}/${e.sysid}`, code: 'LINK_ADDRESS_CHANGED', severity: 'warning', message: `${link}/${e.sysid} now talks from a new address (its old one fell silent)` };
    case 'peer-limit':
      return { link, code: 'LINK_PEER_LIMIT', severity: 'warning', message: `${link}: frames from a new address refused, the peer table is full` };
    case 'signing-stopped':
      return { link, vehicle: `${link}/${e.sysid}`, code: 'SIGNING_STOPPED', severity: 'critical', message: `${link}/${e.sysid} signed its frames and now unsigned ones arrive as it (refused where signing is required): its key was cleared, or someone poses as it` };
    case 'other-vehicle-key':
      return { link, vehicle: `${link}/${e.sysid}`, code: 'SIGNING_OTHER_VEHICLE_KEY', severity: 'critical', message: `frames claiming ${link}/${e.sysid} are signed with another vehicle's key; refused (a vehicle posing as another, or keys mixed up)` };
  }
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
  /** `previous`: the state before this message (what changed: `state.position !== previous.position`). */
  state: [vehicle: FleetVehicle, state: VehicleState, previous: VehicleState];
  lost: [vehicle: FleetVehicle];
  regained: [vehicle: FleetVehicle];
  /** Left the live list after being lost for vehicleExpiryMs. */
  expired: [vehicle: FleetVehicle];
  linkAlert: [alert: LinkAlert];
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
      for (const spec of specs) fleet.attach(spec, await openTransport(spec.url, options.peerPolicy));
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
    const signing = this.options.signing?.(spec.name);
    const link = new MavlinkLink(transport, { clock: heartbeatClock, signingClock: () => clock.now(), ...(signing ? { signing } : {}) });
    let recorder: TlogRecorder | undefined;
    if (this.options.tlogDir) {
      mkdirSync(this.options.tlogDir, { recursive: true });
      recorder = new TlogRecorder(link, join(this.options.tlogDir, `${spec.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.tlog`));
    }
    const o = this.options;
    const registry = new VehicleRegistry(link, {
      clock,
      ...(o.maxVehiclesPerLink !== undefined ? { maxVehicles: o.maxVehiclesPerLink } : {}),
      ...(o.vehicleExpiryMs !== undefined ? { expireAfterMs: o.vehicleExpiryMs } : {}),
      keep: (sysid) => o.keep?.(`${spec.name}/${sysid}`) ?? false,
    });
    link.onEvent((e) => {
      const alert = linkAlertOf(spec.name, e);
      if (alert) this.emit('linkAlert', alert);
    });
    registry.on('vehicleRefused', (sysid) =>
      this.emit('linkAlert', { link: spec.name, vehicle: `${spec.name}/${sysid}`, code: 'VEHICLE_LIMIT', severity: 'warning', message: `${spec.name}: vehicle ${sysid} refused, the link holds its maximum of vehicles` }),
    );
    registry.on('vehicleExpired', (s) => {
      const v = vehicleOf(s);
      this.byId.delete(v.id);
      this.emit('expired', v);
    });
    const vehicleOf = (s: VehicleSession): FleetVehicle => this.byId.get(`${spec.name}/${s.sysid}`)!;
    registry.on('vehicleDiscovered', (session) => {
      const v: FleetVehicle = { id: `${spec.name}/${session.sysid}`, link: spec.name, sysid: session.sysid, session, params: new ParamClient(session.channel, { clock }), clock };
      this.byId.set(v.id, v);
      this.emit('vehicle', v);
    });
    registry.on('stateChanged', (s, state, previous) => this.emit('state', vehicleOf(s), state, previous));
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
    // The tlog's file name only: a server path is no business of an API client.
    return this.links.map((l) => ({ name: l.spec.name, url: l.spec.url, tlog: l.recorder ? basename(l.recorder.path) : undefined, stats: l.link.stats() }));
  }

  /** Each signing link's receive replay state, by link name (persisted across restarts). */
  signingReplayStates(): Map<string, Map<number, number>> {
    const out = new Map<string, Map<number, number>>();
    for (const l of this.links) {
      const s = l.link.signingReplayState();
      if (s) out.set(l.spec.name, s);
    }
    return out;
  }

  /** The link a vehicle talks on (signing provisioning). */
  linkOf(vehicleId: string): MavlinkLink | undefined {
    const v = this.byId.get(vehicleId);
    return v ? this.links.find((l) => l.spec.name === v.link)?.link : undefined;
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
