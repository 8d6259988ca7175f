/**
 * The edge for replays: streams a tlog file through the pure extraction in src/flights/replay.ts,
 * in 64 KiB chunks, and stops reading once the log has passed the flight's end (a link's tlog runs
 * for the whole service run, one flight is a slice of it).
 */
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { flightSegments } from '../flights/segments.js';
import type { Frame } from '../../firmware-bridge/codec/frame.js';
import { ReplayBuilder, TlogScanner, type Replay, type ReplayWindow } from '../flights/replay.js';

/**
 * The whole flight as one valid tlog stream: every segment in order, each record re-emitted as
 * read (8-byte big-endian µs timestamp + the frame), so the partial record a crash left at the end
 * of a segment (and any junk) is dropped instead of corrupting what follows. Yields ~64 KiB chunks.
 * @example Readable.from(flightTlog(flight.tlogPath, null)).pipe(res)
 */
export async function* flightTlog(path: string, endMs: number | null): AsyncGenerator<Buffer> {
  for (const file of segmentFiles(path, endMs)) {
    const scanner = new TlogScanner();
    let out: Buffer[] = [];
    const sink = (ts: bigint, f: Frame): void => {
      const rec = Buffer.allocUnsafe(8 + f.raw.length);
      rec.writeBigUInt64BE(ts, 0);
      f.raw.copy(rec, 8);
      out.push(rec);
    };
    const stream = createReadStream(file, { highWaterMark: 1 << 16 });
    try {
      for await (const chunk of stream) {
        scanner.push(chunk as Buffer, sink);
        if (out.length) yield Buffer.concat(out);
        out = [];
      }
    } catch (e) {
      // a later segment removed meanwhile ends the stream there; the first one must exist
      if (file === path) throw e;
      return;
    } finally {
      stream.destroy();
    }
    scanner.end(sink);
    if (out.length) yield Buffer.concat(out);
  }
}

/**
 * The files holding a flight: its own segment and the later ones of its link in the same directory
 * (a restart, a crash or — with a shared `cluster.tlogDir` — a failover to another instance starts
 * a new one). Only the ones that exist.
 */
export function segmentFiles(path: string, endMs: number | null): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dirname(path));
  } catch {
    // the directory is gone: the one path is all there is
  }
  return flightSegments(basename(path), names, endMs).map((n) => join(dirname(path), n)).filter((f) => existsSync(f));
}

/**
 * @example const replay = await readReplay(flight.tlogPath, { sysid: 1, startMs: Date.parse(flight.startedAt), endMs: null });
 */
export async function readReplay(path: string, w: ReplayWindow): Promise<Replay> {
  const builder = new ReplayBuilder(w);
  const sink = (ts: bigint, f: Frame): void => builder.add(ts, f);
  let skipped = 0;
  for (const file of segmentFiles(path, w.endMs)) {
    // A fresh scanner per file: a segment cut off by a crash ends mid-record.
    const scanner = new TlogScanner();
    const stream = createReadStream(file, { highWaterMark: 1 << 16 });
    try {
      for await (const chunk of stream) {
        scanner.push(chunk as Buffer, sink);
        if (builder.done) return builder.finish(skipped + scanner.skippedBytes);
      }
    } finally {
      stream.destroy();
    }
    scanner.end(sink);
    skipped += scanner.skippedBytes;
  }
  return builder.finish(skipped);
}
