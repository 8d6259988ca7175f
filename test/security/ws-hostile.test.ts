/**
 * Websocket input an outside tester sends (session 7, redteam), beyond test/server/ws.test.ts
 * (not JSON, binary, unknown topic) and http-hardening (caps): a message over the 16 KiB limit,
 * 8,000 levels of nesting, text frames that are not valid UTF-8, prototype keys, 10 kB names. The
 * server must answer each (error message or close code), keep the connection where it can, keep
 * serving every other client, and stay up. No timing assertions: waits are for events.
 */
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRig, TOKENS, type Rig } from '../server/helpers.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig(1, 10);
});
afterAll(async () => {
  await rig?.close();
});

interface Client { ws: WebSocket; messages: { type: string; code?: string; message?: string }[]; closed: Promise<number> }
function open(): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${rig.wsBase}/ws?token=${TOKENS[1]!.token}`);
    const messages: Client['messages'] = [];
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Client['messages'][number]));
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('error', reject);
  });
}
/** Sends, then a ping, and waits for the pong: every answer to what was sent has arrived by then. */
async function roundTrip(c: Client, ...payloads: (string | Buffer)[]): Promise<void> {
  const pongs = c.messages.filter((m) => m.type === 'pong').length;
  for (const p of payloads) c.ws.send(p);
  c.ws.send('{"type":"ping"}');
  await new Promise<void>((resolve) => {
    const check = (): void => (c.messages.filter((m) => m.type === 'pong').length > pongs ? resolve() : void setTimeout(check, 10));
    check();
  });
}

describe('hostile websocket messages', () => {
  it('nesting, bad names, prototype keys, NUL and lone surrogates: WS_MESSAGE_INVALID each, the connection stays open', async () => {
    const c = await open();
    await roundTrip(
      c,
      '['.repeat(8000) + ']'.repeat(8000),
      JSON.stringify({ type: 'subscribe', vehicles: ['a'.repeat(10_000)], topics: ['telemetry'] }),
      '{"type":"subscribe","vehicles":"*","topics":["telemetry"],"__proto__":{"admin":true}}',
      '{"type":"__proto__"}',
      '\u0000\uD800',
    );
    const errors = c.messages.filter((m) => m.type === 'error');
    expect(errors.map((m) => m.code)).toEqual(['WS_MESSAGE_INVALID', 'WS_MESSAGE_INVALID', 'WS_MESSAGE_INVALID', 'WS_MESSAGE_INVALID', 'WS_MESSAGE_INVALID']);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    c.ws.close();
  });

  it('a message over 16 KiB closes that connection with 1009; other clients and the API carry on', async () => {
    const bystander = await open();
    const big = await open();
    big.ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['telemetry'], pad: 'x'.repeat(17 * 1024) }));
    expect(await big.closed).toBe(1009);
    await roundTrip(bystander);
    expect(bystander.ws.readyState).toBe(WebSocket.OPEN);
    expect((await fetch(`${rig.base}/api/vehicles`, { headers: { authorization: `Bearer ${TOKENS[1]!.token}` } })).status).toBe(200);
    bystander.ws.close();
  });

  it('a text frame that is not UTF-8 closes that connection with 1007; the server stays up', async () => {
    const c = await open();
    // a masked text frame carrying 0xC3 0x28 (an invalid UTF-8 sequence), written on the raw socket
    const sock = (c.ws as unknown as { _socket: import('node:net').Socket })._socket;
    const payload = Buffer.from([0xc3, 0x28]);
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    sock.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    expect(await c.closed).toBe(1007);
    const other = await open();
    await roundTrip(other);
    other.ws.close();
  });

  it('an upgrade without a token gets 401 and the socket is closed', async () => {
    const port = Number(new URL(rig.base).port);
    const answer = await new Promise<string>((resolve) => {
      const s = createConnection(port, '127.0.0.1', () => s.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'));
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
    });
    expect(answer).toMatch(/^HTTP\/1.1 401 Unauthorized[\s\S]*"code":"UNAUTHORIZED"/);
  });
});
