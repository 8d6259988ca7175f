/**
 * Websocket /ws: clients subscribe to vehicles and topics; telemetry is rate-limited per client
 * (default 10 Hz per vehicle) with latest-value-wins, so a slow client holds at most one pending
 * snapshot per vehicle and never an unbounded queue. Alerts and delivery events are pushed at once.
 *
 * client → {"type":"subscribe","vehicles":"*"|["sim/1"],"topics":["telemetry","alerts","deliveries"]}
 * server → {"type":"hello",role,rateHz} · {"type":"telemetry","vehicles":{"sim/1":state,…}} · {"type":"alert",…}
 *          · {"type":"delivery",…} · {"type":"error",code,message}
 *
 * Telemetry is pushed on arrival, at most `rateHz` times per vehicle (PushPacer: a new position goes
 * out at once, other changes ride along with the next one), and all vehicles that became due while
 * Node handled one batch of datagrams go out together at setImmediate — one frame per client, each
 * vehicle serialised once, clients with the same subscription sharing the frame's bytes. A client
 * following every vehicle that kept up costs one send per tick, nothing per vehicle. A client whose
 * socket holds more than SOFT_BUFFER_BYTES unsent skips ticks (its vehicles stay marked: latest
 * value wins, superseded telemetry is never queued); alerts and delivery events are always sent.
 * A periodic pass delivers what a busy client skipped and the first full picture after subscribing.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { principalFor, presentedToken, type Principal, type TokenSpec } from './auth.js';
import { PushPacer } from './push-pacer.js';

export const TOPICS = ['telemetry', 'alerts', 'deliveries'] as const;
export type Topic = (typeof TOPICS)[number];
/** Above this many unsent bytes a client skips telemetry ticks (latest value wins). */
export const SOFT_BUFFER_BYTES = 256 * 1024;
/** Above this a client is too slow even for alerts: it is closed (1013) and may reconnect. */
export const HARD_BUFFER_BYTES = 8 * 1024 * 1024;
export const PING_INTERVAL_MS = 15_000;
/**
 * A client closed as too slow gets this long to read what is queued and the close frame (1013 with
 * its reason); then its socket is destroyed and the queue freed (ws alone would wait 30 s).
 */
export const SLOW_CLOSE_GRACE_MS = 3_000;
export const DEFAULT_MAX_SUBSCRIPTIONS = 512;
export const DEFAULT_MAX_CLIENTS = 256;
const MAX_MESSAGE_BYTES = 16 * 1024;
/**
 * Telemetry ticks are spaced so that a hub writes at most ~1 / FRAME_COST_MS frames a second
 * (a websocket frame is a socket write, and on loopback the write also pays the receiver's TCP
 * work): 150 clients → ticks ≥ 3 ms apart, 700 → 14 ms; never more than MAX_FLUSH_GAP_MS.
 */
const FRAME_COST_MS = 0.02;
const MAX_FLUSH_GAP_MS = 25;
const LAG_SAMPLES = 4096;

const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), vehicles: z.union([z.literal('*'), z.array(z.string().max(80)).max(1000)]).optional(), topics: z.array(z.enum(TOPICS)).optional() }),
  z.strictObject({ type: z.literal('unsubscribe'), vehicles: z.union([z.literal('*'), z.array(z.string().max(80)).max(1000)]).optional(), topics: z.array(z.enum(TOPICS)).optional() }),
  z.strictObject({ type: z.literal('ping') }),
]);

interface Client {
  ws: WebSocket;
  principal: Principal;
  allVehicles: boolean;
  vehicles: Set<string>;
  topics: Set<Topic>;
  /** Vehicles with a newer snapshot than the client has seen. */
  dirty: Set<string>;
  alive: boolean;
}

export interface WsHubOptions {
  tokens: readonly TokenSpec[];
  rateHz: number;
  /** Current view of a vehicle, built at most once per tick however many clients want it. */
  snapshot(vehicleId: string): unknown;
  /** Every vehicle id known now (for "vehicles": "*"). */
  vehicleIds(): string[];
  /** How old the newest packet behind a vehicle's state is now, ms: feeds latencyStats() and onLatency. */
  ageMs?(vehicleId: string): number | undefined;
  /** Each vehicle entry's packet-arrival → written-to-every-client lag, ms (the metrics' histogram). */
  onLatency?(ms: number): void;
  /** Vehicle names one client may follow (default DEFAULT_MAX_SUBSCRIPTIONS). */
  maxSubscriptions?: number;
  /** Unsent bytes per client before it is closed as too slow (default HARD_BUFFER_BYTES). */
  maxPendingBytes?: number;
  /** Clients at once (default DEFAULT_MAX_CLIENTS). */
  maxClients?: number;
  /** The hub's own clock for its per-vehicle rate limit (default performance.now). */
  now?(): number;
  path?: string;
}

export class WsHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly clients = new Set<Client>();
  /** Packet-arrival → frame-built lags of the last LAG_SAMPLES vehicle entries framed (once per frame, not per client). */
  private readonly lags = new Float64Array(LAG_SAMPLES);
  private lagCount = 0;
  private readonly flushTimer: NodeJS.Timeout;
  private readonly pacer: PushPacer;
  private readonly due = new Set<string>();
  private flushScheduled = false;
  private lastFlushAt = -Infinity;
  private readonly pingTimer: NodeJS.Timeout;
  private framesSent = 0;
  private bytesSent = 0;
  private slowClosed = 0;

  constructor(
    private readonly server: Server,
    private readonly options: WsHubOptions,
  ) {
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    const intervalMs = 1000 / options.rateHz;
    this.pacer = new PushPacer(intervalMs, (id) => this.markDue(id), () => this.clock(), true);
    // Catches up clients that skipped a push (busy) or just subscribed.
    this.flushTimer = setInterval(() => this.flush(), intervalMs);
    this.pingTimer = setInterval(() => this.ping(), PING_INTERVAL_MS);
    this.flushTimer.unref();
    this.pingTimer.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * A vehicle has a new state: it goes to every client that follows it at the next tick its rate
   * allows. `urgent` (default) when the state brought a new position or connection, arming or
   * mode; other changes ride along with the next urgent one (at the latest two intervals later).
   */
  vehicleChanged(vehicleId: string, urgent = true): void {
    this.pacer.changed(vehicleId, urgent);
  }

  private markDue(vehicleId: string): void {
    this.due.add(vehicleId);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Many clients: ticks at least a frame budget's gap apart (each tick is a write per client).
      const wait = this.lastFlushAt + this.clients.size * FRAME_COST_MS - this.clock();
      if (wait > 0) setTimeout(() => this.flush(), Math.min(wait, MAX_FLUSH_GAP_MS)).unref();
      else setImmediate(() => this.flush());
    }
  }

  private clock(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  /** Push an alert or delivery event to every subscriber of the topic (and of the vehicle, if any). */
  publish(topic: Exclude<Topic, 'telemetry'>, payload: { vehicle?: string } & Record<string, unknown>): void {
    const text = JSON.stringify({ type: topic === 'alerts' ? 'alert' : 'delivery', ...payload });
    for (const c of this.clients) {
      if (!c.topics.has(topic)) continue;
      if (payload.vehicle && !c.allVehicles && !c.vehicles.has(payload.vehicle)) continue;
      this.send(c, text);
    }
  }

  close(): void {
    clearInterval(this.flushTimer);
    clearInterval(this.pingTimer);
    this.pacer.close();
    for (const c of this.clients) c.ws.terminate();
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      // an absolute-form target the URL parser refuses ("GET http://[/ws"): this threw, uncaught, and the process died
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"code":"VALIDATION_FAILED","message":"the request target is not a valid URL","details":{}}');
      return;
    }
    if (url.pathname !== (this.options.path ?? '/ws')) {
      // another upgrade handler may want it; with none, an unanswered upgrade held its socket open for ever
      if (this.server.listenerCount('upgrade') <= 1) socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"code":"NOT_FOUND","message":"no websocket at ${url.pathname.replace(/[^\w/.-]/g, '')}; connect to ${this.options.path ?? '/ws'}","details":{}}`);
      return;
    }
    const principal = principalFor(this.options.tokens, presentedToken(req.headers.authorization, url.searchParams.get('token') ?? undefined));
    if (!principal) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"code":"UNAUTHORIZED","message":"connect with ?token=<token> or an Authorization: Bearer header"}');
      return;
    }
    if (this.clients.size >= (this.options.maxClients ?? DEFAULT_MAX_CLIENTS)) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"code":"WS_TOO_MANY_CLIENTS","message":"too many websocket clients; close idle ones or try later","details":{}}');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, principal));
  }

  private accept(ws: WebSocket, principal: Principal): void {
    const client: Client = { ws, principal, allVehicles: false, vehicles: new Set(), topics: new Set(), dirty: new Set(), alive: true };
    this.clients.add(client);
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data, isBinary) => this.receive(client, data as Buffer, isBinary));
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    this.send(client, JSON.stringify({ type: 'hello', role: principal.role, name: principal.name, rateHz: this.options.rateHz }));
  }

  private receive(c: Client, data: Buffer, isBinary: boolean): void {
    let parsed: unknown;
    try {
      parsed = isBinary ? undefined : JSON.parse(data.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const r = ClientMessage.safeParse(parsed);
    if (!r.success) {
      const why = parsed === undefined ? 'not JSON text' : r.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
      this.send(c, JSON.stringify({ type: 'error', code: 'WS_MESSAGE_INVALID', message: `ignored a message: ${why}; send {"type":"subscribe","vehicles":"*","topics":["telemetry"]}` }));
      return;
    }
    const m = r.data;
    if (m.type === 'ping') return this.send(c, '{"type":"pong"}');
    const add = m.type === 'subscribe';
    if (add && Array.isArray(m.vehicles)) {
      const max = this.options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS;
      const after = new Set([...c.vehicles, ...m.vehicles]).size;
      if (after > max) {
        this.send(c, JSON.stringify({ type: 'error', code: 'WS_TOO_MANY_SUBSCRIPTIONS', message: `ignored a subscribe: it would follow ${after} vehicle names, at most ${max} are allowed; subscribe to "*" or unsubscribe some`, details: { max } }));
        return;
      }
    }
    for (const t of m.topics ?? (add ? TOPICS : [])) {
      if (add) c.topics.add(t);
      else c.topics.delete(t);
    }
    if (m.vehicles === '*') c.allVehicles = add;
    else {
      for (const v of m.vehicles ?? []) {
        if (add) c.vehicles.add(v);
        else c.vehicles.delete(v);
      }
    }
    if (add) this.markAll(c);
  }

  /** A new subscriber gets a full picture on the next tick. */
  private markAll(c: Client): void {
    if (!c.topics.has('telemetry')) return;
    for (const id of c.allVehicles ? this.options.vehicleIds() : c.vehicles) c.dirty.add(id);
  }

  private flush(): void {
    this.flushScheduled = false;
    this.lastFlushAt = this.clock();
    const due = [...this.due].sort();
    this.due.clear();
    for (const id of due) this.pacer.taken(id); // snapshotted below: later changes need a push of their own
    const views = new Map<string, string | undefined>();
    const view = (id: string): string | undefined => {
      if (!views.has(id)) {
        const s = this.options.snapshot(id);
        views.set(id, s === undefined ? undefined : `${JSON.stringify(id)}:${JSON.stringify(s)}`);
      }
      return views.get(id);
    };
    // Encoded once and shared: 200 clients with the same subscription cost one UTF-8 encoding.
    const frames = new Map<string, Buffer | undefined>();
    const framed = new Set<string>();
    const frameOf = (ids: readonly string[]): Buffer | undefined => {
      const key = ids.join('\n');
      if (!frames.has(key)) {
        const parts = ids.map(view).filter((x): x is string => x !== undefined);
        frames.set(key, parts.length ? Buffer.from(`{"type":"telemetry","vehicles":{${parts.join(',')}}}`) : undefined);
        if (parts.length) for (const id of ids) framed.add(id);
      }
      return frames.get(key);
    };
    for (const c of this.clients) {
      if (!c.topics.has('telemetry')) continue;
      const busy = c.ws.bufferedAmount > SOFT_BUFFER_BYTES;
      // Fast path: follows everything and kept up, so its frame is this tick's, shared by all such clients.
      if (c.allVehicles && c.dirty.size === 0 && !busy) {
        const frame = due.length ? frameOf(due) : undefined;
        if (frame) this.send(c, frame);
        continue;
      }
      for (const id of due) if (c.allVehicles || c.vehicles.has(id)) c.dirty.add(id);
      if (c.dirty.size === 0 || busy) continue; // latest value wins: marked, sent when it has room
      const ids = [...c.dirty].sort();
      c.dirty.clear();
      const frame = frameOf(ids);
      if (frame) this.send(c, frame);
    }
    // After the writes: the lag of the last client served (hundreds of writes take milliseconds).
    this.recordLag(framed);
  }

  private recordLag(ids: Iterable<string>): void {
    const { ageMs, onLatency } = this.options;
    if (!ageMs) return;
    for (const id of ids) {
      const age = ageMs(id);
      if (age === undefined) continue;
      this.lags[this.lagCount++ % LAG_SAMPLES] = age;
      onLatency?.(age);
    }
  }

  /** Frames and bytes written to clients, and clients closed as too slow, since the start. */
  counters(): { framesSent: number; bytesSent: number; slowClosed: number } {
    return { framesSent: this.framesSent, bytesSent: this.bytesSent, slowClosed: this.slowClosed };
  }

  /** p50/p99 of packet-arrival → frame written to every client, over the last samples, ms (undefined before any). */
  latencyStats(): { samples: number; p50Ms: number; p99Ms: number } | undefined {
    const n = Math.min(this.lagCount, LAG_SAMPLES);
    if (n === 0) return undefined;
    const sorted = Array.from(this.lags.subarray(0, n)).sort((a, b) => a - b);
    return { samples: this.lagCount, p50Ms: sorted[Math.floor(n * 0.5)]!, p99Ms: sorted[Math.min(n - 1, Math.floor(n * 0.99))]! };
  }

  /** Forget collected lag samples (benchmarks measure a window). */
  resetLatency(): void {
    this.lagCount = 0;
  }

  /** Unsent bytes queued in this process for the clients now: the most for one client, and all together. */
  bufferStats(): { clients: number; maxBytes: number; totalBytes: number } {
    let maxBytes = 0;
    let totalBytes = 0;
    for (const c of this.clients) {
      maxBytes = Math.max(maxBytes, c.ws.bufferedAmount);
      totalBytes += c.ws.bufferedAmount;
    }
    return { clients: this.clients.size, maxBytes, totalBytes };
  }

  /**
   * Send a text frame (a string, or UTF-8 bytes shared between clients). A client with more than
   * maxPendingBytes unsent is never sent more: nothing it was sent is dropped, but it is closed
   * (1013 with the reason) so it knows to reconnect — alerts are never left out silently.
   */
  private send(c: Client, text: string | Buffer): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > (this.options.maxPendingBytes ?? HARD_BUFFER_BYTES)) {
      this.clients.delete(c); // no more ticks for it
      this.slowClosed++;
      c.ws.close(1013, 'too slow: reconnect to get the latest state (and GET /api/alerts)');
      setTimeout(() => c.ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
      return;
    }
    c.ws.send(text, { binary: false, compress: false });
    this.framesSent++;
    this.bytesSent += typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  }

  private ping(): void {
    for (const c of this.clients) {
      if (!c.alive) {
        c.ws.terminate();
        this.clients.delete(c);
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }
}
