/**
 * Decode throughput: our link layer (framer + CRC + node-mavlink field decode + stats) against bare
 * node-mavlink (MavLinkPacketSplitter → MavLinkPacketParser → REGISTRY → protocol.data), on the
 * same mixed telemetry stream in the same process, interleaved. Goal: ours ≥ 80 % of bare.
 */
import { Readable } from 'node:stream';
import { MavLinkPacketParser, MavLinkPacketSplitter, type MavLinkPacket } from 'node-mavlink';
import { REGISTRY } from '../../firmware-bridge/codec/dialect.js';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { FrameScanner } from '../../firmware-bridge/codec/frame.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import type { Transport } from '../../firmware-bridge/transport/transport.js';
import { telemetryMix } from '../firmware-bridge/helpers/telemetry.js';
import { fmt, median, type BenchTable } from './table.js';

const PACKETS = 200_000;
const ROUNDS = 7;

const nullTransport: Transport = {
  description: 'bench://',
  datagram: false,
  onData: () => undefined,
  onClose: () => undefined,
  send: async () => undefined,
  close: async () => undefined,
};

function makeStream(chunkSize: number): Buffer[] {
  const enc = new Encoder({ sysid: 1, compid: 1 });
  const all = Buffer.concat(Array.from({ length: PACKETS }, (_, i) => enc.encode(telemetryMix(i))));
  const chunks: Buffer[] = [];
  for (let i = 0; i < all.length; i += chunkSize) chunks.push(all.subarray(i, i + chunkSize));
  return chunks;
}

async function bare(chunks: Buffer[]): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const parser = Readable.from(chunks, { objectMode: false }).pipe(new MavLinkPacketSplitter()).pipe(new MavLinkPacketParser());
    parser.on('data', (p: MavLinkPacket) => {
      const clazz = REGISTRY[p.header.msgid];
      if (clazz && p.protocol.data(p.payload, clazz)) n++;
    });
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  if (n !== PACKETS) throw new Error(`bare decoded ${n}`);
  return PACKETS / ((performance.now() - t0) / 1000);
}

function ours(chunks: Buffer[]): number {
  const link = new MavlinkLink(nullTransport, { heartbeat: false });
  let n = 0;
  link.onMessage((m) => {
    if (m.data) n++;
  });
  const t0 = performance.now();
  for (const c of chunks) link.receive(c);
  if (n !== PACKETS) throw new Error(`ours decoded ${n}`);
  return PACKETS / ((performance.now() - t0) / 1000);
}

function framingOnly(chunks: Buffer[]): number {
  const s = new FrameScanner();
  let n = 0;
  const t0 = performance.now();
  for (const c of chunks) s.push(c, () => n++);
  if (n !== PACKETS) throw new Error(`scanner found ${n}`);
  return PACKETS / ((performance.now() - t0) / 1000);
}

export async function run(): Promise<BenchTable[]> {
  const tables: BenchTable[] = [];
  for (const chunkSize of [65_536, 256]) {
    const chunks = makeStream(chunkSize);
    const r = { bare: [] as number[], ours: [] as number[], framing: [] as number[] };
    await bare(chunks); // warm-up both paths
    ours(chunks);
    for (let i = 0; i < ROUNDS; i++) {
      r.bare.push(await bare(chunks));
      r.ours.push(ours(chunks));
      r.framing.push(framingOnly(chunks));
    }
    const b = median(r.bare);
    tables.push({
      title: `Decode throughput, ${fmt(PACKETS)} packets (40 % ATTITUDE, 40 % GLOBAL_POSITION_INT, 10 % SYS_STATUS, 10 % HEARTBEAT), ${chunkSize} B chunks, median of ${ROUNDS}`,
      columns: ['decoder', 'packets/s (median)', 'range', 'ratio vs bare node-mavlink'],
      rows: [
        ['bare node-mavlink splitter → parser → protocol.data()', fmt(b), `${fmt(Math.min(...r.bare))}–${fmt(Math.max(...r.bare))}`, '1.00'],
        ['elbflug MavlinkLink (framer + CRC + decode + stats + handlers)', fmt(median(r.ours)), `${fmt(Math.min(...r.ours))}–${fmt(Math.max(...r.ours))}`, fmt(median(r.ours) / b, 2)],
        ['elbflug FrameScanner only (framing + CRC, no decode)', fmt(median(r.framing)), `${fmt(Math.min(...r.framing))}–${fmt(Math.max(...r.framing))}`, fmt(median(r.framing) / b, 2)],
      ],
    });
  }
  return tables;
}
