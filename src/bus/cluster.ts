/**
 * One instance's part in a cluster, assembled for the service (src/service.ts): the bus, the
 * vehicles other instances own, telemetry of own vehicles out at ≤ rateHz each, events in to the
 * websocket hub, forwarded REST calls answered, and link leases (when links are leased).
 */
import { hostname } from 'node:os';
import type { DeliveryService } from '../fleet/deliveries.js';
import type { Fleet, FleetVehicle, LinkSpec } from '../fleet/fleet.js';
import { openTransport } from '../../firmware-bridge/transport/open.js';
import type { WsHub } from '../server/ws-hub.js';
import { LinkLeases } from './link-lease.js';
import { NatsBus, type EventPayload, type EventTopic } from './nats-bus.js';
import { RemoteVehicles } from './remote-vehicles.js';
import { serveForwarded } from './forward.js';

/** A default instance id: host and pid (unique on a machine, readable in logs). */
export const defaultInstanceId = (): string => `${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}-${process.pid}`;

export interface ClusterOptions {
  bus: NatsBus;
  remote: RemoteVehicles;
  hub: WsHub;
  fleet: Fleet;
  deliveries: DeliveryService;
  /** The compact view sent for a vehicle (the hub's snapshot). */
  view(v: FleetVehicle): unknown;
  rateHz: number;
  localUrl: () => string;
  /** Lease links through PostgreSQL (cluster with a PostgreSQL store) instead of opening them all. */
  leases?: { url: string; schema?: string; links: readonly LinkSpec[]; prefer: readonly string[] };
  /** How a leased link treats its peers (mavlink.* limits): the same as a link the fleet opens itself. */
  peerPolicy?: Parameters<typeof openTransport>[1];
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

export class Cluster {
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  readonly leases: LinkLeases | undefined;

  constructor(private readonly o: ClusterOptions) {
    const { bus, remote, hub, fleet } = o;
    bus.onTelemetry((m) => {
      if (remote.update(m)) hub.vehicleChanged(m.id);
    });
    bus.onEvent((m) => hub.publish(m.t, m.p));
    bus.serveHttp(serveForwarded(o.localUrl));
    fleet.on('state', (v) => this.telemetry(v));
    fleet.on('vehicle', (v) => remote.forget(v.id));
    this.leases = o.leases
      ? new LinkLeases({
          url: o.leases.url,
          ...(o.leases.schema ? { schema: o.leases.schema } : {}),
          links: o.leases.links,
          prefer: o.leases.prefer,
          onAcquired: async (spec) => fleet.attach(spec, await openTransport(spec.url, o.peerPolicy)),
          onLost: async (spec) => {
            for (const v of fleet.vehicles()) if (v.link === spec.name) o.deliveries.release(v.id);
            await fleet.detach(spec.name);
          },
          log: o.log,
        })
      : undefined;
  }

  async start(): Promise<void> {
    await this.leases?.start();
  }

  /** What the service publishes (alerts, delivery events) goes on the bus; every hub takes it from there. */
  publish(topic: EventTopic, payload: EventPayload): void {
    this.o.bus.publishEvent(topic, payload);
  }

  /** Own vehicle changed: send its view now, or at the end of its interval (latest value wins). */
  private telemetry(v: FleetVehicle): void {
    const interval = 1000 / this.o.rateHz;
    const now = performance.now();
    const wait = (this.lastSent.get(v.id) ?? -Infinity) + interval - now;
    if (wait <= 0) return this.sendView(v, now);
    if (this.pending.has(v.id)) return;
    this.pending.set(
      v.id,
      setTimeout(() => {
        this.pending.delete(v.id);
        if (this.o.fleet.vehicle(v.id) === v) this.sendView(v, performance.now());
      }, wait),
    );
  }

  private sendView(v: FleetVehicle, now: number): void {
    this.lastSent.set(v.id, now);
    this.o.bus.publishTelemetry(v.id, this.o.view(v));
  }

  async close(): Promise<void> {
    for (const t of this.pending.values()) clearTimeout(t);
    await this.leases?.close();
    await this.o.bus.close();
  }
}
