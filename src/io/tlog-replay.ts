/**
 * The edge for replays: streams a tlog file through the pure extraction in src/flights/replay.ts,
 * in 64 KiB chunks, and stops reading once the log has passed the flight's end (a link's tlog runs
 * for the whole service run, one flight is a slice of it).
 */
import { createReadStream } from 'node:fs';
import type { Frame } from '../../firmware-bridge/codec/frame.js';
import { ReplayBuilder, TlogScanner, type Replay, type ReplayWindow } from '../flights/replay.js';

/**
 * @example const replay = await readReplay(flight.tlogPath, { sysid: 1, startMs: Date.parse(flight.startedAt), endMs: null });
 */
export async function readReplay(path: string, w: ReplayWindow): Promise<Replay> {
  const scanner = new TlogScanner();
  const builder = new ReplayBuilder(w);
  const sink = (ts: bigint, f: Frame): void => builder.add(ts, f);
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) {
      scanner.push(chunk as Buffer, sink);
      if (builder.done) return builder.finish(scanner.skippedBytes);
    }
  } finally {
    stream.destroy();
  }
  scanner.end(sink);
  return builder.finish(scanner.skippedBytes);
}
