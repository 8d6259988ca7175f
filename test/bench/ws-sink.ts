/**
 * A load generator's websocket client: the RFC 6455 handshake, one subscribe message, then it reads
 * everything the server sends and throws it away — frame headers are walked (frames counted, pings
 * answered so the hub keeps it), payloads are not decoded. A browser would parse every frame; here
 * the clients stand in for screens on other machines, and a full client per socket would spend the
 * cores the service under test needs. A close from the server is answered. Written by hand because `ws` has no mode that skips decoding.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

export interface Sink {
  /** Bytes read (handshake answer excluded) and data frames (text/binary) seen. */
  readonly bytes: number;
  readonly frames: number;
  close(): void;
}

/** A masked client frame (opcode: 0x1 text, 0xA pong) of up to 65,535 bytes. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const long = payload.length > 125;
  const head = Buffer.alloc(long ? 8 : 6);
  head[0] = 0x80 | opcode;
  head[1] = 0x80 | (long ? 126 : payload.length);
  if (long) head.writeUInt16BE(payload.length, 2);
  const mask = randomBytes(4);
  mask.copy(head, head.length - 4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!;
  return Buffer.concat([head, body]);
}

export function openSink(url: string, subscribe: string): Promise<Sink> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    socket.setNoDelay(true);
    let upgraded = false;
    let pending = Buffer.alloc(0); // the handshake answer, or a frame header split over reads
    let need = 0; // payload bytes left of the current frame
    let ping: Buffer[] | undefined; // a ping's payload being read (echoed in the pong)
    const sink = { bytes: 0, frames: 0, close: () => void socket.destroy() };
    socket.on('error', reject);
    socket.once('connect', () =>
      socket.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`),
    );
    const walk = (chunk: Buffer): void => {
      let i = 0;
      while (i < chunk.length) {
        if (need > 0) {
          const take = Math.min(need, chunk.length - i);
          ping?.push(chunk.subarray(i, i + take));
          need -= take;
          i += take;
          if (need === 0 && ping) socket.write(clientFrame(0xa, Buffer.concat(ping)));
          if (need === 0) ping = undefined;
          continue;
        }
        const had = pending.length;
        const head = had ? Buffer.concat([pending, chunk.subarray(i, i + 14)]) : chunk.subarray(i, i + 14);
        const len7 = head.length >= 2 ? head[1]! & 0x7f : 0;
        const size = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0);
        if (head.length < size) {
          pending = Buffer.from(head);
          return;
        }
        pending = Buffer.alloc(0);
        need = len7 === 126 ? head.readUInt16BE(2) : len7 === 127 ? Number(head.readBigUInt64BE(2)) : len7;
        i += size - had;
        const opcode = head[0]! & 0x0f;
        if (opcode === 0x1 || opcode === 0x2) sink.frames++;
        if (opcode === 0x8) return void socket.end(clientFrame(0x8, Buffer.alloc(0))); // the server closes: answer and go
        if (opcode === 0x9 && need === 0) socket.write(clientFrame(0xa, Buffer.alloc(0)));
        else if (opcode === 0x9) ping = [];
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (upgraded) {
        sink.bytes += chunk.length;
        return walk(chunk);
      }
      pending = Buffer.concat([pending, chunk]);
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = pending.toString('latin1', 0, pending.indexOf('\r\n'));
      if (!/^HTTP\/1\.1 101 /.test(status)) {
        socket.destroy();
        return reject(new Error(`websocket handshake refused: ${status}`));
      }
      upgraded = true;
      const rest = pending.subarray(end + 4);
      pending = Buffer.alloc(0);
      socket.write(clientFrame(0x1, Buffer.from(subscribe)));
      resolve(sink);
      if (rest.length) {
        sink.bytes += rest.length;
        walk(rest);
      }
    });
  });
}
