/**
 * Issue 12's smaller findings as regressions: websocket caps, constant-time token lookup, JSON 404s,
 * no server paths in answers, and a flight replay that spans the tlog segments of a restart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { principalFor } from '../../src/server/auth.js';
import { createApp } from '../../src/server/app.js';
import { WsHub } from '../../src/server/ws-hub.js';
import { flightSegments, parseSegmentName } from '../../src/flights/segments.js';
import { TOKENS } from '../server/helpers.js';

async function hubServer(o: { maxSubscriptions?: number; maxClients?: number; maxPendingBytes?: number }): Promise<{ url: string; hub: WsHub; close(): Promise<void> }> {
  const app = createApp({ tokens: TOKENS, bodyLimitBytes: 4096, rateLimit: { windowMs: 60_000, max: 0, anonymousMax: 0 }, routes: [], audit: () => undefined });
  const server: Server = createServer(app);
  const hub = new WsHub(server, { tokens: TOKENS, rateHz: 10, snapshot: () => undefined, vehicleIds: () => [], ...o });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `127.0.0.1:${port}`,
    hub,
    close: async () => {
      hub.close();
      await new Promise((r) => server.close(() => r(undefined)));
    },
  };
}

function connect(url: string, token: string): Promise<{ ws: WebSocket; messages: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${url}/ws?token=${token}`);
    const messages: Record<string, unknown>[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const until = async (cond: () => boolean): Promise<void> => {
  const end = Date.now() + 60_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met within 60 s');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('http and websocket hardening (issue 12)', () => {
  it('a viewer cannot grow its subscriptions past the cap (300 × 1,000 names → refused, bounded)', async () => {
    const s = await hubServer({ maxSubscriptions: 100 });
    try {
      const { ws, messages } = await connect(s.url, TOKENS[1]!.token);
      for (let i = 0; i < 300; i++) ws.send(JSON.stringify({ type: 'subscribe', vehicles: Array.from({ length: 1000 }, (_, j) => `l/${i}-${j}`) }));
      ws.send(JSON.stringify({ type: 'subscribe', vehicles: Array.from({ length: 100 }, (_, j) => `ok/${j}`) }));
      ws.send(JSON.stringify({ type: 'subscribe', vehicles: ['one/more'] }));
      ws.send('{"type":"ping"}');
      await until(() => messages.some((m) => m.type === 'pong') || ws.readyState !== ws.OPEN);
      expect(ws.readyState, JSON.stringify(messages.slice(-2))).toBe(ws.OPEN);
      const errors = messages.filter((m) => m.type === 'error');
      expect(errors).toHaveLength(301);
      expect(errors.every((e) => e.code === 'WS_TOO_MANY_SUBSCRIPTIONS')).toBe(true);
      ws.close();
    } finally {
      await s.close();
    }
  });

  it('pending messages per client are capped: a client that stops reading is closed 1013 and stops costing memory', async () => {
    const s = await hubServer({ maxPendingBytes: 65_536 });
    try {
      const { ws, messages } = await connect(s.url, TOKENS[1]!.token);
      ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['alerts'] }));
      ws.send('{"type":"ping"}');
      await until(() => messages.some((m) => m.type === 'pong'));
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      let received = 0;
      ws.on('message', (d) => (received += String(d).length));
      const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause(); // a viewer that stops reading
      const text = 'x'.repeat(64 * 1024);
      const total = 600;
      for (let i = 0; i < total; i++) s.hub.publish('alerts', { code: 'TEST', message: text });
      socket.resume();
      expect(await closed).toBe(1013);
      // what got through is what the kernel buffers held plus the cap, not the 39 MB published
      expect(received).toBeLessThan((total * text.length) / 2);
      await until(() => s.hub.clientCount === 0);
    } finally {
      await s.close();
    }
  });

  it('websocket clients are capped: the next upgrade gets 503 WS_TOO_MANY_CLIENTS', async () => {
    const s = await hubServer({ maxClients: 2 });
    try {
      const a = await connect(s.url, TOKENS[1]!.token);
      const b = await connect(s.url, TOKENS[1]!.token);
      await expect(connect(s.url, TOKENS[1]!.token)).rejects.toThrow(/503|socket hang up|closed/);
      a.ws.close();
      b.ws.close();
    } finally {
      await s.close();
    }
  });

  it('the token lookup answers the same for every wrong length, and only exact tokens match', () => {
    const t = TOKENS[0]!.token;
    expect(principalFor(TOKENS, t)).toEqual({ name: 'olga', role: 'operator' });
    for (const wrong of [t.slice(0, -1), `${t}x`, t.toUpperCase(), '', 'x'.repeat(10_000), `${t}\u0000`]) expect(principalFor(TOKENS, wrong)).toBeUndefined();
  });

  it('404s are JSON {code, message, details}, under /api and elsewhere', async () => {
    const s = await hubServer({});
    try {
      for (const path of ['/api/nope', '/api/vehicles/x/y/z/w', '/nope.html', '/..%2F..%2Fetc/passwd']) {
        const res = await fetch(`http://${s.url}${path}`);
        expect(res.status, path).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(await res.json()).toMatchObject({ code: 'NOT_FOUND', details: {} });
      }
    } finally {
      await s.close();
    }
  });

  it('a flight replays from its own tlog segment and every later one of its link (restart, kill -9)', () => {
    const names = ['sim-2026-12-07T10-00-00-000Z.tlog', 'sim-2026-12-07T10-05-30-250Z.tlog', 'sim-2026-12-07T11-00-00-000Z.tlog', 'radio-2026-12-07T10-06-00-000Z.tlog', 'sim-2026-12-07T09-00-00-000Z.tlog', 'notes.txt'];
    expect(parseSegmentName(names[1]!)).toEqual({ link: 'sim', startMs: Date.parse('2026-12-07T10:05:30.250Z') });
    expect(flightSegments(names[0]!, names, Date.parse('2026-12-07T10:10:00Z'))).toEqual([names[0], names[1]]);
    expect(flightSegments(names[0]!, names, null)).toEqual([names[0], names[1], names[2]]);
    expect(flightSegments('odd.tlog', names, null)).toEqual(['odd.tlog']);
  });
});
