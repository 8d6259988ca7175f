/**
 * The edge for replays: streams a tlog file through the pure extraction in src/flights/replay.ts,
 * in 64 KiB chunks, and stops reading once the log has passed the flight's end (a link's tlog runs
 * for the whole service run, one flight is a slice of it).
 */
import { createReadStream, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { flightSegments } from '../flights/segments.js';
import type { Frame } from '../../firmware-bridge/codec/frame.js';
import { ReplayBuilder, TlogScanner, type Replay, type ReplayWindow } from '../flights/replay.js';

/**
 * @example const replay = await readReplay(flight.tlogPath, { sysid: 1, startMs: Date.parse(flight.startedAt), endMs: null });
 */
export async function readReplay(path: string, w: ReplayWindow): Promise<Replay> {
  const builder = new ReplayBuilder(w);
  const sink = (ts: bigint, f: Frame): void => builder.add(ts, f);
  let skipped = 0;
  // The flight's own segment and the later ones of its link (a restart or crash starts a new tlog).
  let names: string[] = [];
  try {
    names = readdirSync(dirname(path));
  } catch {
    // the directory is gone: the one path is all there is
  }
  for (const name of flightSegments(basename(path), names, w.endMs)) {
    // A fresh scanner per file: a segment cut off by a crash ends mid-record.
    const scanner = new TlogScanner();
    const stream = createReadStream(join(dirname(path), name), { highWaterMark: 1 << 16 });
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
