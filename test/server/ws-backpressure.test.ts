/**
 * A websocket client that stops reading (a real `ws` client whose socket is paused) must neither
 * grow the hub's memory without bound nor hold up the other clients, and must not lose alerts
 * silently: telemetry for it is skipped (latest value wins), alerts are queued until its limit,
 * then it is closed with 1013 and a reason, and its queue is freed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SLOW_CLOSE_GRACE_MS, SOFT_BUFFER_BYTES, WsHub } from '../../src/server/ws-hub.js';

const TOKEN = 'backpressure-operator-token-0123456789';
const VEHICLES = Array.from({ length: 100 }, (_, k) => `sim/${k + 1}`);
const LIMIT = SOFT_BUFFER_BYTES + 64 * 1024;
/** A vehicle's view of ~2 KB: one tick for every vehicle is a ~200 KB frame. */
const view = (id: string, n: number) => ({ id, n, pad: 'x'.repeat(2_000) });

let server: Server | undefined;
let hub: WsHub | undefined;
afterEach(async () => {
  hub?.close();
  await new Promise((r) => server?.close(r));
});

interface Peer {
  ws: WebSocket;
  telemetry: number;
  alerts: number[];
  closed?: { code: number; reason: string };
}

async function peer(url: string): Promise<Peer> {
  const ws = new WebSocket(url);
  const p: Peer = { ws, telemetry: 0, alerts: [] };
  ws.on('message', (d: Buffer) => {
    const m = JSON.parse(d.toString()) as { type: string; seq?: number };
    if (m.type === 'telemetry') p.telemetry++;
    if (m.type === 'alert') p.alerts.push(m.seq!);
  });
  ws.on('close', (code, reason) => (p.closed = { code, reason: reason.toString() }));
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['telemetry', 'alerts'] }));
  return p;
}

const until = async (what: string, ok: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('WsHub backpressure', () => {
  it('a client that stops reading is skipped, then closed with 1013 after every alert it was sent; the others get everything', async () => {
    server = createServer();
    let n = 0;
    hub = new WsHub(server, { tokens: [{ token: TOKEN, role: 'operator', name: 'olga' }], rateHz: 50, maxPendingBytes: LIMIT, snapshot: (id) => view(id, n), vehicleIds: () => VEHICLES });
    const h = hub;
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws?token=${TOKEN}`;
    const healthy = await peer(url);
    const stalled = await peer(url);
    await until('both subscribed', () => healthy.telemetry > 0 && stalled.telemetry > 0);
    stalled.ws.pause(); // stops reading its socket: the kernel buffers fill, then the hub's queue

    let seq = 0;
    let maxQueued = 0;
    let maxTotal = 0;
    const produce = setInterval(() => {
      n++;
      for (const id of VEHICLES) h.vehicleChanged(id);
      h.publish('alerts', { seq: ++seq, code: 'TEST', severity: 'warning', message: 'm'.repeat(1_000) });
      const b = h.bufferStats();
      maxQueued = Math.max(maxQueued, b.maxBytes);
      maxTotal = Math.max(maxTotal, b.totalBytes);
    }, 5);
    try {
      const telemetryBefore = healthy.telemetry;
      await until('the stalled client dropped from the hub', () => h.clientCount === 1);
      const droppedAt = seq;
      // The healthy client kept getting telemetry and every alert, in order, while the other one stalled.
      await until('the healthy client has every alert so far', () => healthy.alerts.length >= droppedAt);
      expect(healthy.alerts.slice(0, droppedAt)).toEqual(Array.from({ length: droppedAt }, (_, k) => k + 1));
      expect(healthy.telemetry - telemetryBefore).toBeGreaterThan(5);
      expect(healthy.closed).toBeUndefined();
      // Bounded: the stalled client's queue never passed its limit by more than the frame that crossed it.
      expect(maxQueued).toBeLessThanOrEqual(LIMIT + 2 * 1024 * VEHICLES.length + 4_096);
      expect(maxTotal).toBeLessThanOrEqual(LIMIT + 2 * (2 * 1024 * VEHICLES.length + 4_096));
    } finally {
      clearInterval(produce);
    }
    // Reading again within the grace: every alert it was sent arrives, none skipped, then the close with its reason.
    stalled.ws.resume();
    await until('the stalled client closed', () => stalled.closed !== undefined);
    expect(stalled.closed).toEqual({ code: 1013, reason: 'too slow: reconnect to get the latest state (and GET /api/alerts)' });
    expect(stalled.alerts.length).toBeGreaterThan(0);
    expect(stalled.alerts).toEqual(Array.from({ length: stalled.alerts.length }, (_, k) => k + 1));
    expect(h.bufferStats()).toMatchObject({ clients: 1 });
    healthy.ws.close();
  });

  it('a client that never reads again is cut off after the grace, freeing its queue', async () => {
    server = createServer();
    hub = new WsHub(server, { tokens: [{ token: TOKEN, role: 'operator', name: 'olga' }], rateHz: 50, maxPendingBytes: LIMIT, snapshot: (id) => view(id, 0), vehicleIds: () => VEHICLES });
    const h = hub;
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws?token=${TOKEN}`;
    const stalled = await peer(url);
    await until('subscribed', () => stalled.telemetry > 0);
    stalled.ws.pause();
    let seq = 0;
    const produce = setInterval(() => h.publish('alerts', { seq: ++seq, code: 'TEST', severity: 'warning', message: 'm'.repeat(4_000) }), 2);
    try {
      await until('dropped from the hub', () => h.clientCount === 0);
    } finally {
      clearInterval(produce);
    }
    // Server side the socket is destroyed after the grace although the client still reads nothing: the queue is gone.
    const connections = () => new Promise<number>((r, j) => server!.getConnections((e, k) => (e ? j(e) : r(k))));
    expect(await connections()).toBe(1);
    let open = 1;
    await until('the socket destroyed', () => (void connections().then((k) => (open = k)), open === 0), SLOW_CLOSE_GRACE_MS + 20_000);
    expect(stalled.closed).toBeUndefined(); // it has not read the end yet
    stalled.ws.resume();
    await until('closed', () => stalled.closed !== undefined);
    expect([1013, 1006]).toContain(stalled.closed!.code);
    expect(stalled.alerts).toEqual(Array.from({ length: stalled.alerts.length }, (_, k) => k + 1)); // a prefix: nothing skipped in between
  });
});
