/**
 * The bus between the instances of a cluster (NATS core, `nats` 2.29): live telemetry, alert and
 * delivery events, and forwarded HTTP requests (request/reply to the instance that owns a link).
 *
 *   elbflug.tel          {o: owner, id, n, v}       a vehicle's compact view, ≤ telemetry.wsRateHz per vehicle, from its link's owner
 *   elbflug.evt          {o, n, t: topic, p}        alert and delivery events, from whichever instance made them
 *   elbflug.http.<inst>  request/reply             a REST call forwarded to the instance <inst>
 *   elbflug.intent       {o, id, i}                 a delivery's operational intent changed (i null: released)
 *
 * Order: every event about a vehicle is published by its link's owner, one at a time, so every
 * subscriber sees a vehicle's events in one order. Every instance — the publisher too — hands
 * events to its websocket hub from its subscription, so all hubs push the same sequence.
 *
 * Events are durable over a NATS outage (JetStream stream EVENTS_STREAM, nats-server -js): the
 * publisher sends them one at a time with a message id (`<instance>.<boot>.<n>`) and resends one
 * until the stream acknowledges it (the stream drops a resent duplicate), so what is published
 * while NATS is down is stored when it is back; each instance reads the stream with an ordered
 * consumer that starts at the stream's end when the instance starts and, after a reconnect,
 * resumes after the last sequence it handed on: every event once, in order, on every instance.
 * A nats-server without JetStream: the instance works degraded rather than refusing to start (the
 * live picture matters more than replay after an outage): events fall back to core NATS
 * (`eventsDurable` false; an event published during an outage may then miss the instances that
 * re-subscribed later), it logs a warning and `degraded()` says so on /api/health and /api/ready.
 * It checks again at every reconnect (a nats-server restarted with -js) and every
 * JETSTREAM_RECHECK_MS (JetStream enabled by a config reload), and once the stream answers it
 * switches to it without a restart (see `switchToStream`): `degraded()` is empty from then on.
 * Telemetry stays core NATS: a late position is worthless, the next one comes in 100 ms.
 * While NATS is unreachable the client buffers what is published and reconnects for ever.
 */
import { randomBytes } from 'node:crypto';
import { connect, DeliverPolicy, DiscardPolicy, nanos, RetentionPolicy, StorageType, type JetStreamClient, type Msg, type NatsConnection, type Subscription } from 'nats';
import { systemClock, type Clock, type TimerHandle } from '../../firmware-bridge/clock.js';

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
/** The JetStream stream that keeps events over an outage (long enough for any outage worth replaying). */
export const EVENTS_STREAM = 'ELBFLUG_EVENTS';
const EVENTS_MAX_AGE_MS = 60 * 60_000;
/** Resent after a failed publish (NATS down): the stream drops duplicates within this window. */
const EVENTS_DUPLICATE_WINDOW_MS = 10 * 60_000;
const EVENT_RETRY_MS = 250;
/** Events waiting for NATS beyond this many: the oldest are dropped (they are in the store) and counted. */
export const EVENT_QUEUE_MAX = 50_000;
/** A degraded bus (no JetStream) asks again this often, besides at every reconnect. */
export const JETSTREAM_RECHECK_MS = 30_000;
/** Events remembered while the subscription moves from core NATS to the stream (both deliver meanwhile). */
const SWITCH_SEEN_MAX = 10_000;

export interface BusOptions {
  /** The clock of the JetStream re-check (tests: a FakeClock). */
  clock?: Clock;
  recheckMs?: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const json = (x: unknown): Uint8Array => enc.encode(JSON.stringify(x));
const parseData = <T>(data: Uint8Array): T | undefined => {
  try {
    return JSON.parse(dec.decode(data)) as T;
  } catch {
    return undefined; // not ours: ignore, never crash on what arrives
  }
};
const parse = <T>(m: Msg): T | undefined => parseData<T>(m.data);

/** Creates (or updates) the events stream; `why` when the server has no JetStream (or it did not answer). */
async function eventStream(nc: NatsConnection): Promise<{ js: JetStreamClient; lastSeq: number } | { why: string }> {
  let jsm;
  try {
    jsm = await nc.jetstreamManager({ timeout: 5_000 });
  } catch (e) {
    return { why: (e as Error).message || String(e) }; // "JetStream not enabled" / no responders / timeout
  }
  const config = {
    name: EVENTS_STREAM,
    subjects: [SUBJECT_EVENTS],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(EVENTS_MAX_AGE_MS),
    duplicate_window: nanos(EVENTS_DUPLICATE_WINDOW_MS),
  };
  // Several instances start together: one adds it, the others find it (add is idempotent for the same config).
  const info = await jsm.streams.add(config).catch(() => jsm.streams.update(EVENTS_STREAM, config));
  return { js: nc.jetstream(), lastSeq: info.state.last_seq };
}

const noJetStreamReason = (why: string, recheckMs: number): string =>
  `events are not durable over a NATS outage: JetStream is not available (${why}); start nats-server with -js — this instance asks again at every reconnect and every ${Math.round(recheckMs / 1000)} s and then switches to the durable stream by itself`;

export class NatsBus {
  private telemetrySeq = 0;
  private eventSeq = 0;
  private up = true;
  private closed = false;
  /** Distinguishes this run's message ids from an earlier run's with the same instance name. */
  private readonly boot = randomBytes(4).toString('hex');
  private readonly outbox: EventMessage[] = [];
  private pumping = false;
  /** Events dropped because the outbox was full (NATS down for very long). */
  droppedEvents = 0;
  /** Degraded: the event callback and its core subscription, moved to the stream when JetStream appears. */
  private eventCb: ((data: Uint8Array) => void) | undefined;
  private coreSub: Subscription | undefined;
  private recheckTimer: TimerHandle | undefined;
  private checking = false;
  private readonly switched: (() => void)[] = [];
  private readonly clock: Clock;
  private readonly recheckMs: number;

  private constructor(
    private readonly nc: NatsConnection,
    /** This instance's id (subjects, ownership). */
    readonly instance: string,
    /** JetStream, when the server has it: events are then durable over an outage. */
    private js: JetStreamClient | undefined,
    /** The stream sequence this instance's events start after (the stream's end at connect). */
    private eventsFrom: number,
    /** Why events fall back to core NATS (no JetStream yet). */
    private noJetStream: string | undefined,
    o: BusOptions,
  ) {
    this.clock = o.clock ?? systemClock;
    this.recheckMs = o.recheckMs ?? JETSTREAM_RECHECK_MS;
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') this.up = false;
        if (s.type === 'reconnect') {
          this.up = true;
          void this.recheck(); // a nats-server restarted with -js
        }
      }
    })();
    if (noJetStream) this.scheduleRecheck();
  }

  /**
   * Connects (waiting up to 10 s for a first connection) and reconnects for ever afterwards.
   * @example const bus = await NatsBus.connect('nats://127.0.0.1:4222', 'a')
   */
  static async connect(url: string, instance: string, o: BusOptions = {}): Promise<NatsBus> {
    const nc = await connect({ servers: url, name: `elbflug-${instance}`, maxReconnectAttempts: -1, reconnectTimeWait: 250, timeout: 10_000, pingInterval: 2_000, maxPingOut: 2 });
    const stream = await eventStream(nc);
    if ('why' in stream) return new NatsBus(nc, instance, undefined, 0, noJetStreamReason(stream.why, o.recheckMs ?? JETSTREAM_RECHECK_MS), o);
    return new NatsBus(nc, instance, stream.js, stream.lastSeq, undefined, o);
  }

  /** Called once when a degraded bus has switched to the JetStream stream. */
  onSwitchedToStream(cb: () => void): void {
    this.switched.push(cb);
  }

  private scheduleRecheck(): void {
    this.recheckTimer?.cancel();
    this.recheckTimer = this.clock.setTimer(this.recheckMs, () => void this.recheck().finally(() => this.noJetStream && !this.closed && this.scheduleRecheck()));
  }

  /** Degraded: asks the server for JetStream again and switches to the stream when it answers. */
  async recheck(): Promise<void> {
    if (this.js || this.checking || this.closed) return;
    this.checking = true;
    try {
      // Core events are remembered from before the stream's end is read: those after it come again from the stream.
      this.switching = new Map();
      this.remembered = 0;
      const stream = await eventStream(this.nc).catch((e: Error) => ({ why: e.message }));
      const why = 'why' in stream ? stream.why : await this.switchToStream(stream.js, stream.lastSeq).then(() => undefined, (e: Error) => e.message);
      if (why !== undefined) {
        this.noJetStream = noJetStreamReason(why, this.recheckMs);
        this.switching = undefined;
      }
    } finally {
      this.checking = false;
    }
  }

  /**
   * Core NATS → the stream, without a gap or a repeat: the stream consumer starts right after the
   * stream's end read above while the core subscription still runs; until the core subscription is
   * gone both deliver, and an event (publisher, number) handed on by one is skipped by the other.
   * From here this instance publishes through the outbox (acknowledged, resent) like any other.
   */
  private async switchToStream(js: JetStreamClient, lastSeq: number): Promise<void> {
    if (this.eventCb) {
      const consumer = await js.consumers.get(EVENTS_STREAM, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: lastSeq + 1 });
      const cb = this.eventCb;
      await consumer.consume({ expires: 5_000, callback: (m) => this.onceAcross('stream', m.data, cb) });
      this.coreSub?.unsubscribe();
      this.coreSub = undefined;
    }
    this.js = js;
    this.eventsFrom = lastSeq;
    this.noJetStream = undefined;
    this.recheckTimer?.cancel();
    // The core side can send nothing more: what the stream handed on first needs no memory now.
    for (const [o, byN] of this.switching ?? []) {
      for (const [n, from] of byN) if (from === 'stream') byN.delete(n);
      if (byN.size === 0) this.switching?.delete(o);
    }
    if (this.switching?.size === 0) this.switching = undefined;
    for (const cb of this.switched) cb();
  }

  /**
   * While the subscription moves to the stream: publisher → event number → the path that handed it
   * on first. A publisher's events come in its order on both paths, so once the stream hands on
   * number n of a publisher, its remembered core events below n are forgotten (some were before
   * the stream's start and never come again): the memory empties by itself.
   */
  private switching: Map<string, Map<number, 'core' | 'stream'>> | undefined;
  private remembered = 0;

  private onceAcross(path: 'core' | 'stream', data: Uint8Array, cb: (data: Uint8Array) => void): void {
    const seen = this.switching;
    const t = seen && parseData<EventMessage>(data);
    if (!seen || !t || typeof t.o !== 'string' || typeof t.n !== 'number') return cb(data);
    const byN = seen.get(t.o) ?? new Map<number, 'core' | 'stream'>();
    seen.set(t.o, byN);
    const first = byN.get(t.n);
    const repeat = first !== undefined && first !== path;
    if (repeat) byN.delete(t.n);
    else if (path === 'core' || this.coreSub) {
      if (this.remembered++ < SWITCH_SEEN_MAX) byN.set(t.n, path);
    }
    if (path === 'stream') for (const [n, from] of byN) if (from === 'core' && n < t.n) byN.delete(n);
    if (byN.size === 0) seen.delete(t.o);
    if (seen.size === 0 && !this.coreSub && path === 'stream') this.switching = undefined;
    if (!repeat) cb(data);
  }

  /** Whether events survive a NATS outage (the server has JetStream). */
  get eventsDurable(): boolean {
    return this.js !== undefined;
  }

  /** What works less well than it should (GET /api/health and /api/ready list it); empty when nothing. */
  degraded(): { name: string; reason: string }[] {
    return this.noJetStream ? [{ name: 'bus', reason: this.noJetStream }] : [];
  }

  /** Whether the connection to NATS is up now (readiness). */
  connected(): boolean {
    return this.up && !this.nc.isClosed();
  }

  publishTelemetry(id: string, view: unknown): void {
    this.nc.publish(SUBJECT_TELEMETRY, json({ o: this.instance, id, n: ++this.telemetrySeq, v: view } satisfies TelemetryMessage));
  }

  publishEvent(topic: EventTopic, payload: EventPayload): void {
    const m: EventMessage = { o: this.instance, n: ++this.eventSeq, t: topic, p: payload };
    if (!this.js) return this.nc.publish(SUBJECT_EVENTS, json(m));
    this.outbox.push(m);
    if (this.outbox.length > EVENT_QUEUE_MAX) {
      this.outbox.shift();
      this.droppedEvents++;
    }
    void this.pump();
  }

  /** Publishes the outbox in order, one acknowledged event at a time; a failed one is resent until NATS takes it. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.outbox.length && !this.closed) {
        const m = this.outbox[0]!;
        try {
          await this.js!.publish(SUBJECT_EVENTS, json(m), { msgID: `${this.instance}.${this.boot}.${m.n}`, timeout: 2_000 });
          if (this.outbox[0] === m) this.outbox.shift();
        } catch {
          await new Promise((r) => setTimeout(r, EVENT_RETRY_MS));
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  onTelemetry(cb: (m: TelemetryMessage) => void): void {
    this.nc.subscribe(SUBJECT_TELEMETRY, { callback: (_e, m) => {
      const t = parse<TelemetryMessage>(m);
      if (t && typeof t.o === 'string' && typeof t.id === 'string') cb(t);
    } });
  }

  /** Events of every instance, this one's too, from connect on; with JetStream each once and in stream order, across outages. */
  async onEvent(cb: (m: EventMessage) => void): Promise<void> {
    const take = (data: Uint8Array): void => {
      const t = parseData<EventMessage>(data);
      if (t && (t.t === 'alerts' || t.t === 'deliveries') && t.p && typeof t.p === 'object') cb(t);
    };
    if (!this.js) {
      this.eventCb = take;
      this.coreSub = this.nc.subscribe(SUBJECT_EVENTS, { callback: (_e, m) => this.onceAcross('core', m.data, take) });
      return;
    }
    const consumer = await this.js.consumers.get(EVENTS_STREAM, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.eventsFrom + 1 });
    // expires 5 s: a pull lost with a restarted server is noticed (missed heartbeats) and the ordered consumer recreated from its cursor.
    await consumer.consume({ expires: 5_000, callback: (m) => take(m.data) });
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
    this.closed = true;
    this.recheckTimer?.cancel();
    if (this.nc.isClosed()) return;
    await this.nc.drain().catch(() => this.nc.close());
  }
}
