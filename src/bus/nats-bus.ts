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
 * JetStream can also go away after that (nats-server restarted without -js, the stream deleted):
 * a server's definite answer (no responders, stream not found) — to a publish, the consumer, or
 * the check at every reconnect and every JETSTREAM_RECHECK_MS — moves the bus back to core NATS
 * (`degradeToCore`): degraded again, saying why, the outbox's unacknowledged events sent over
 * core NATS in order, and back to the stream by the same checks. A timeout says nothing (an
 * outage): the outbox keeps resending. Every event carries its publisher's run (`b`), so a
 * receiver hands on each (publisher, run, number) once, whichever path brought it (EventWatermark).
 * Telemetry stays core NATS: a late position is worthless, the next one comes in 100 ms.
 * While NATS is unreachable the client buffers what is published and reconnects for ever.
 */
import { randomBytes } from 'node:crypto';
import { connect, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type Msg, type NatsConnection, type Subscription } from 'nats';
import { systemClock, type Clock, type TimerHandle } from '../../firmware-bridge/clock.js';
import { EVENTS_STREAM, EventWatermark, eventStream, lostBecause, noJetStreamReason, streamLost, SUBJECT_EVENTS } from './event-stream.js';
import { PathSwitch } from './path-switch.js';

export { EVENTS_STREAM, SUBJECT_EVENTS } from './event-stream.js';

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
  /** The publisher's run (a restarted instance numbers from 1 again); absent from older publishers. */
  b?: string;
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
export const SUBJECT_INTENTS = 'elbflug.intent';
export const httpSubject = (instance: string): string => `elbflug.http.${instance}`;
/** A launch uploads, verifies, arms and starts: allow it the time it takes on a slow link. */
export const FORWARD_TIMEOUT_MS = 90_000;
const EVENT_RETRY_MS = 250;
/**
 * After falling back to core NATS, the outbox waits this long before it goes out: the other
 * instances, which lost the stream too (the same server restarted without -js), reconnect within
 * the client's reconnect wait (250 ms) and subscribe on core NATS first — core NATS keeps nothing
 * for a subscriber that comes later.
 */
const FALLBACK_SETTLE_MS = 1_000;
/** Events waiting for NATS beyond this many: the oldest are dropped (they are in the store) and counted. */
export const EVENT_QUEUE_MAX = 50_000;
/** A degraded bus (no JetStream) asks again this often, besides at every reconnect; a durable one checks its stream is still there. */
export const JETSTREAM_RECHECK_MS = 30_000;

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

export class NatsBus {
  private telemetrySeq = 0;
  private eventSeq = 0;
  private up = true;
  private closed = false;
  /** Distinguishes this run's message ids from an earlier run's with the same instance name. */
  private readonly boot = randomBytes(4).toString('hex');
  private readonly outbox: EventMessage[] = [];
  private pumping = false;
  /** Fell back to core NATS: the outbox goes out from then on (FALLBACK_SETTLE_MS). */
  private settleUntil = 0;
  /** Events dropped because the outbox was full (NATS down for very long). */
  droppedEvents = 0;
  /** The event callback (by the path an event came) and, degraded, its core subscription. */
  private eventCb: ((path: 'core' | 'stream', data: Uint8Array) => void) | undefined;
  private coreSub: Subscription | undefined;
  /** Durable: the stream consumer's messages (stopped when the bus falls back to core NATS). */
  private messages: ConsumerMessages | undefined;
  /** When the stream being read was created: one deleted and created again is another stream. */
  private streamCreated: string | undefined;
  private recheckTimer: TimerHandle | undefined;
  private checking = false;
  private verifying = false;
  private readonly switched: (() => void)[] = [];
  private readonly lost: ((reason: string) => void)[] = [];
  private readonly watermark = new EventWatermark();
  /** Core NATS → the stream: both paths deliver for a moment, each event is handed on once. */
  private readonly switching = new PathSwitch();
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
          void this.check(); // a nats-server restarted with -js, or without it
        }
      }
    })();
    this.scheduleCheck();
  }

  /**
   * Connects (waiting up to 10 s for a first connection) and reconnects for ever afterwards.
   * @example const bus = await NatsBus.connect('nats://127.0.0.1:4222', 'a')
   */
  static async connect(url: string, instance: string, o: BusOptions = {}): Promise<NatsBus> {
    const nc = await connect({ servers: url, name: `elbflug-${instance}`, maxReconnectAttempts: -1, reconnectTimeWait: 250, timeout: 10_000, pingInterval: 2_000, maxPingOut: 2 });
    const stream = await eventStream(nc);
    if ('why' in stream) return new NatsBus(nc, instance, undefined, 0, noJetStreamReason(stream.why, o.recheckMs ?? JETSTREAM_RECHECK_MS), o);
    const bus = new NatsBus(nc, instance, stream.js, stream.lastSeq, undefined, o);
    bus.streamCreated = stream.created;
    return bus;
  }

  /** Called once when a degraded bus has switched to the JetStream stream. */
  onSwitchedToStream(cb: () => void): void {
    this.switched.push(cb);
  }

  /** Called each time a durable bus loses its stream and falls back to core NATS, with the reason. */
  onFellBackToCore(cb: (reason: string) => void): void {
    this.lost.push(cb);
  }

  /** Every recheckMs: a degraded bus asks for JetStream, a durable one checks its stream is still there. */
  private scheduleCheck(): void {
    this.recheckTimer?.cancel();
    this.recheckTimer = this.clock.setTimer(this.recheckMs, () => void this.check().finally(() => !this.closed && this.scheduleCheck()));
  }

  private check(): Promise<void> {
    return this.js ? this.verify() : this.recheck();
  }

  /**
   * Durable: asks whether the stream is still there (the same one: not deleted and created again);
   * on the server's definite no, falls back to core NATS. No answer (an outage) changes nothing.
   */
  async verify(): Promise<void> {
    if (!this.js || this.verifying || this.closed || !this.connected()) return;
    this.verifying = true;
    try {
      const found = await streamLost(this.nc);
      const why = 'lost' in found ? found.lost : found.created !== undefined && this.streamCreated !== undefined && found.created !== this.streamCreated ? `the stream ${EVENTS_STREAM} was deleted and created again` : undefined;
      if (why !== undefined && this.js) this.fallBackToCore(why);
    } finally {
      this.verifying = false;
    }
  }

  /**
   * The stream → core NATS, the reverse of `switchToStream`: the core subscription starts before
   * the consumer stops (no gap), the outbox's unacknowledged events follow over core NATS in their
   * order (the pump), and a receiver hands on once what a failed attempt had delivered after all.
   */
  private fallBackToCore(why: string): void {
    this.js = undefined;
    this.noJetStream = noJetStreamReason(`it went away after this instance used it: ${why}`, this.recheckMs);
    if (this.eventCb && !this.coreSub) this.coreSub = this.subscribeCore(this.eventCb);
    this.messages?.stop();
    this.messages = undefined;
    this.streamCreated = undefined;
    this.settleUntil = Date.now() + FALLBACK_SETTLE_MS;
    void this.pump();
    for (const cb of this.lost) cb(this.noJetStream);
  }

  /** Degraded: asks the server for JetStream again and switches to the stream when it answers. */
  async recheck(): Promise<void> {
    if (this.js || this.checking || this.closed) return;
    this.checking = true;
    try {
      // Core events are remembered from before the stream's end is read: those after it come again from the stream.
      this.switching.begin();
      const stream = await eventStream(this.nc).catch((e: Error) => ({ why: e.message }));
      const why = 'why' in stream ? stream.why : await this.switchToStream(stream.js, stream.lastSeq, stream.created).then(() => undefined, (e: Error) => e.message);
      if (why !== undefined) {
        this.noJetStream = noJetStreamReason(why, this.recheckMs);
        this.switching.abort();
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
  private async switchToStream(js: JetStreamClient, lastSeq: number, created: string | undefined): Promise<void> {
    if (this.eventCb) {
      const cb = this.eventCb;
      this.messages = await this.consume(js, lastSeq, (data) => this.switching.pass('stream', data, this.coreSub !== undefined, (d) => cb('stream', d)));
      this.coreSub?.unsubscribe();
      this.coreSub = undefined;
    }
    this.js = js;
    this.eventsFrom = lastSeq;
    this.streamCreated = created;
    this.noJetStream = undefined;
    this.switching.coreEnded();
    for (const cb of this.switched) cb();
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
    const m: EventMessage = { o: this.instance, b: this.boot, n: ++this.eventSeq, t: topic, p: payload };
    // Degraded with the outbox still draining (just fell back): behind those, in order.
    if (!this.js && this.outbox.length === 0) return this.nc.publish(SUBJECT_EVENTS, json(m));
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
        const js = this.js;
        if (!js) {
          const wait = this.settleUntil - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          else {
            this.nc.publish(SUBJECT_EVENTS, json(m)); // fell back to core NATS: as a degraded bus publishes
            this.outbox.shift();
          }
          continue;
        }
        try {
          await js.publish(SUBJECT_EVENTS, json(m), { msgID: `${this.instance}.${this.boot}.${m.n}`, timeout: 2_000 });
          if (this.outbox[0] === m) this.outbox.shift();
        } catch (e) {
          // No stream takes it: ask whether it is gone (a timeout alone may be an outage, or a core subscriber without a stream).
          if (lostBecause(e) !== undefined || this.connected()) void this.verify();
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
    // Core NATS delivers a publisher's events in its order, so one at or below its last is a resend;
    // the stream's are each stored once (message ids) and only raise the mark.
    const take = (path: 'core' | 'stream', data: Uint8Array): void => {
      const t = parseData<EventMessage>(data);
      if (!t || (t.t !== 'alerts' && t.t !== 'deliveries') || !t.p || typeof t.p !== 'object' || typeof t.o !== 'string' || typeof t.n !== 'number') return;
      // Without a run (an older publisher, whose numbers restart with it): handed on as before.
      if (typeof t.b !== 'string') return cb(t);
      if (path === 'core' ? this.watermark.fresh(t.o, t.b, t.n) : (this.watermark.raise(t.o, t.b, t.n), true)) cb(t);
    };
    this.eventCb = take;
    if (!this.js) {
      this.coreSub = this.subscribeCore(take);
      return;
    }
    this.messages = await this.consume(this.js, this.eventsFrom, (data) => take('stream', data));
  }

  private subscribeCore(cb: (path: 'core', data: Uint8Array) => void): Subscription {
    return this.nc.subscribe(SUBJECT_EVENTS, { callback: (_e, m) => this.switching.pass('core', m.data, true, (d) => cb('core', d)) });
  }

  /**
   * Reads the stream from after `fromSeq` (an ordered consumer). expires 5 s: a pull lost with a
   * restarted server is noticed (missed heartbeats) and the consumer recreated from its cursor; a
   * deleted stream or a server without JetStream shows in its status, and the bus checks.
   */
  private async consume(js: JetStreamClient, fromSeq: number, onData: (data: Uint8Array) => void): Promise<ConsumerMessages> {
    const consumer = await js.consumers.get(EVENTS_STREAM, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSeq + 1 });
    const messages = await consumer.consume({ expires: 5_000, callback: (m) => onData(m.data) });
    void (async () => {
      for await (const s of await messages.status()) {
        if (['stream_not_found', 'consumer_deleted', 'no_responders', 'heartbeats_missed'].includes(String(s.type))) void this.verify();
      }
    })().catch(() => undefined);
    return messages;
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
