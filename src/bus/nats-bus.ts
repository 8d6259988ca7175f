/**
 * The bus between the instances of a cluster (NATS core, `nats` 2.29): live telemetry, alert and
 * delivery events, and forwarded HTTP requests (request/reply to the instance that owns a link).
 *
 *   elbflug.tel          {o: owner, id, n, v}       a vehicle's compact view, ≤ telemetry.wsRateHz per vehicle, from its link's owner
 *   elbflug.evt          {o, n, t: topic, p}        alert and delivery events, from whichever instance made them
 *   elbflug.http.<inst>  request/reply             a REST call forwarded to the instance <inst>
 *   elbflug.intent       {o, id, i}                 a delivery's operational intent changed (i null: released)
 *
 * Order: NATS delivers the messages of one connection in the order they were published, and every
 * event about a vehicle is published by its link's owner, so every subscriber sees a vehicle's
 * events in one order. Every instance — the publisher too — hands events to its websocket hub from
 * this subscription, so all hubs push the same sequence. Core NATS, not JetStream: live data that
 * is late is useless, and everything durable (alerts, transitions, audit) is in PostgreSQL first.
 * While NATS is unreachable the client buffers what is published and reconnects for ever.
 */
import { connect, type Msg, type NatsConnection } from 'nats';

export type EventTopic = 'alerts' | 'deliveries';
export type EventPayload = { vehicle?: string } & Record<string, unknown>;

export interface TelemetryMessage {
  /** Owner instance. */
  o: string;
  id: string;
  /** Per-publisher sequence number (gaps are allowed: latest value wins). */
  n: number;
  v: unknown;
}
export interface EventMessage {
  o: string;
  n: number;
  t: EventTopic;
  p: EventPayload;
}
export interface IntentMessage {
  o: string;
  id: string;
  /** The intent (pure JSON data), null when it was released. */
  i: unknown;
}
export interface ForwardedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
export interface ForwardedResponse {
  status: number;
  contentType: string;
  body: string;
}

export const SUBJECT_TELEMETRY = 'elbflug.tel';
export const SUBJECT_EVENTS = 'elbflug.evt';
export const SUBJECT_INTENTS = 'elbflug.intent';
export const httpSubject = (instance: string): string => `elbflug.http.${instance}`;
/** A launch uploads, verifies, arms and starts: allow it the time it takes on a slow link. */
export const FORWARD_TIMEOUT_MS = 90_000;

const enc = new TextEncoder();
const dec = new TextDecoder();
const json = (x: unknown): Uint8Array => enc.encode(JSON.stringify(x));
const parse = <T>(m: Msg): T | undefined => {
  try {
    return JSON.parse(dec.decode(m.data)) as T;
  } catch {
    return undefined; // not ours: ignore, never crash on what arrives
  }
};

export class NatsBus {
  private telemetrySeq = 0;
  private eventSeq = 0;
  private up = true;

  private constructor(
    private readonly nc: NatsConnection,
    /** This instance's id (subjects, ownership). */
    readonly instance: string,
  ) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') this.up = false;
        if (s.type === 'reconnect') this.up = true;
      }
    })();
  }

  /**
   * Connects (waiting up to 10 s for a first connection) and reconnects for ever afterwards.
   * @example const bus = await NatsBus.connect('nats://127.0.0.1:4222', 'a')
   */
  static async connect(url: string, instance: string): Promise<NatsBus> {
    const nc = await connect({ servers: url, name: `elbflug-${instance}`, maxReconnectAttempts: -1, reconnectTimeWait: 250, timeout: 10_000, pingInterval: 2_000, maxPingOut: 2 });
    return new NatsBus(nc, instance);
  }

  /** Whether the connection to NATS is up now (readiness). */
  connected(): boolean {
    return this.up && !this.nc.isClosed();
  }

  publishTelemetry(id: string, view: unknown): void {
    this.nc.publish(SUBJECT_TELEMETRY, json({ o: this.instance, id, n: ++this.telemetrySeq, v: view } satisfies TelemetryMessage));
  }

  publishEvent(topic: EventTopic, payload: EventPayload): void {
    this.nc.publish(SUBJECT_EVENTS, json({ o: this.instance, n: ++this.eventSeq, t: topic, p: payload } satisfies EventMessage));
  }

  onTelemetry(cb: (m: TelemetryMessage) => void): void {
    this.nc.subscribe(SUBJECT_TELEMETRY, { callback: (_e, m) => {
      const t = parse<TelemetryMessage>(m);
      if (t && typeof t.o === 'string' && typeof t.id === 'string') cb(t);
    } });
  }

  onEvent(cb: (m: EventMessage) => void): void {
    this.nc.subscribe(SUBJECT_EVENTS, { callback: (_e, m) => {
      const t = parse<EventMessage>(m);
      if (t && (t.t === 'alerts' || t.t === 'deliveries') && t.p && typeof t.p === 'object') cb(t);
    } });
  }

  publishIntent(id: string, intent: unknown): void {
    this.nc.publish(SUBJECT_INTENTS, json({ o: this.instance, id, i: intent ?? null } satisfies IntentMessage));
  }

  /** Intent changes made by the other instances (this one's own are left out). */
  onIntent(cb: (m: IntentMessage) => void): void {
    this.nc.subscribe(SUBJECT_INTENTS, { callback: (_e, m) => {
      const t = parse<IntentMessage>(m);
      if (t && typeof t.id === 'string' && t.o !== this.instance) cb(t);
    } });
  }

  /** Answers REST calls forwarded to this instance. */
  serveHttp(handler: (r: ForwardedRequest) => Promise<ForwardedResponse>): void {
    this.nc.subscribe(httpSubject(this.instance), { callback: (_e, m) => {
      const r = parse<ForwardedRequest>(m);
      if (!r || typeof r.path !== 'string' || !r.path.startsWith('/api/')) {
        m.respond(json({ status: 400, contentType: 'application/json', body: JSON.stringify({ code: 'REQUEST_INVALID', message: 'not a forwarded API request' }) } satisfies ForwardedResponse));
        return;
      }
      handler(r).then(
        (res) => m.respond(json(res)),
        (e: Error) => m.respond(json({ status: 502, contentType: 'application/json', body: JSON.stringify({ code: 'CLUSTER_FORWARD_FAILED', message: `the owning instance could not run it: ${e.message}` }) } satisfies ForwardedResponse)),
      );
    } });
  }

  /** Sends a REST call to `instance` and waits for its answer. */
  async forward(instance: string, r: ForwardedRequest): Promise<ForwardedResponse> {
    const m = await this.nc.request(httpSubject(instance), json(r), { timeout: FORWARD_TIMEOUT_MS });
    const res = parse<ForwardedResponse>(m);
    if (!res || typeof res.status !== 'number') throw new Error(`instance ${instance} answered something that is not a response`);
    return res;
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain().catch(() => this.nc.close());
  }
}
