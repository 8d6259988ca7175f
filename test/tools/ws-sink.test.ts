/** The cluster bench's load-generating websocket client against a real `ws` server: frames of every length encoding, split reads, pings. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { openSink } from '../bench/ws-sink.js';

let wss: WebSocketServer | undefined;
afterEach(() => wss?.close());

async function server(): Promise<{ url: string; peer: Promise<{ ws: WebSocket; first: string }> }> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws?token=t`;
  const peer = new Promise<{ ws: WebSocket; first: string }>((resolve) =>
    wss!.once('connection', (ws, req) => {
      expect(req.url).toBe('/ws?token=t');
      ws.once('message', (d) => resolve({ ws, first: d.toString() }));
    }),
  );
  return { url, peer };
}

const until = async (ok: () => boolean): Promise<void> => {
  while (!ok()) await new Promise((r) => setTimeout(r, 10));
};

describe('ws-sink (bench load generator)', () => {
  it('subscribes, counts frames and bytes of every length encoding, and answers pings with their payload', async () => {
    const { url, peer } = await server();
    const sink = await openSink(url, '{"type":"subscribe","vehicles":"*"}');
    const { ws, first } = await peer;
    expect(first).toBe('{"type":"subscribe","vehicles":"*"}');
    const sizes = [0, 1, 125, 126, 65_535, 65_536, 300_000]; // 7-bit, 16-bit and 64-bit lengths
    for (const n of sizes) ws.send('x'.repeat(n));
    ws.send(Buffer.alloc(10), { binary: true });
    const headers = sizes.reduce((a, n) => a + (n < 126 ? 2 : n < 65_536 ? 4 : 10), 0) + 2;
    await until(() => sink.frames === sizes.length + 1);
    await until(() => sink.bytes === sizes.reduce((a, n) => a + n, 0) + 10 + headers);
    const pong = once(ws, 'pong');
    ws.ping(Buffer.from('are you there'));
    expect(((await pong)[0] as Buffer).toString()).toBe('are you there');
    const empty = once(ws, 'pong');
    ws.ping();
    expect(((await empty)[0] as Buffer).length).toBe(0);
    expect(sink.frames).toBe(sizes.length + 1); // pings are not data frames
    // After a ping, data frames are data again (not echoed as a pong: a 70 kB pong would be a protocol error).
    let pongs = 0;
    ws.on('pong', () => pongs++);
    ws.send('y'.repeat(70_000));
    await until(() => sink.frames === sizes.length + 2);
    const closed = once(ws, 'close');
    ws.close();
    await closed;
    expect(pongs).toBe(0);
    sink.close();
  });

  it('refuses a handshake the server refuses', async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: () => false });
    await once(wss, 'listening');
    await expect(openSink(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`, '{}')).rejects.toThrow(/handshake refused: HTTP\/1\.1 401/);
  });
});
