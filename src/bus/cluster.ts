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
import { PushPacer, urgentChange } from '../server/push-pacer.js';
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
  /** Own vehicles' views onto the bus at ≤ rateHz each, a new position at once (as the hub does). */
  private readonly pacer: PushPacer;
  readonly leases: LinkLeases | undefined;
  private readonly outgoing = new Set<string>();
  /** The event subscription (JetStream consumer) being set up. */
  private readonly events: Promise<void>;

  constructor(private readonly o: ClusterOptions) {
    const { bus, remote, hub, fleet } = o;
    // Due vehicles are published together at setImmediate: the NATS client writes one batch to its socket, not one write per vehicle.
    this.pacer = new PushPacer(
      1000 / o.rateHz,
      (id) => {
        if (this.outgoing.size === 0) setImmediate(() => this.publishDue());
        this.outgoing.add(id);
      },
      undefined,
      true,
    );
    bus.onTelemetry((m) => {
      if (remote.update(m)) hub.vehicleChanged(m.id);
    });
    this.events = bus.onEvent((m) => hub.publish(m.t, m.p));
    this.events.catch(() => undefined); // handled here; start() awaits it and fails the start with its error
    for (const d of bus.degraded()) o.log(`degraded: ${d.reason}`, { degraded: d.name });
    bus.onSwitchedToStream(() => o.log('no longer degraded: JetStream is available, events go through the durable stream from now on', { recovered: 'bus' }));
    bus.onFellBackToCore((reason) => o.log(`degraded: ${reason}`, { degraded: 'bus' }));
    bus.serveHttp(serveForwarded(o.localUrl));
    fleet.on('state', (v, s, previous) => this.pacer.changed(v.id, urgentChange(s, previous)));
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
    await this.events;
    await this.leases?.start();
  }

  /** What the service publishes (alerts, delivery events) goes on the bus; every hub takes it from there. */
  publish(topic: EventTopic, payload: EventPayload): void {
    this.o.bus.publishEvent(topic, payload);
  }

  private publishDue(): void {
    for (const id of this.outgoing) {
      this.pacer.taken(id);
      const v = this.o.fleet.vehicle(id);
      if (v) this.o.bus.publishTelemetry(id, this.o.view(v));
    }
    this.outgoing.clear();
  }

  async close(): Promise<void> {
    this.pacer.close();
    await this.leases?.close();
    await this.o.bus.close();
  }
}
