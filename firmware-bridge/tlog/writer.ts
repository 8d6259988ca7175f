/**
 * .tlog recorder: for every packet in either direction, an 8-byte big-endian timestamp
 * (µs since the Unix epoch) followed by the raw frame. No header, as pymavlink/MAVProxy/QGC write it.
 * It is a sink on the link, so the log is exactly what the link carried.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { MavlinkLink, TrafficDirection } from '../link/link.js';

/** One tlog record: 8-byte BE µs timestamp + frame. */
export function tlogRecord(raw: Uint8Array, atMs: number): Buffer {
  const out = Buffer.allocUnsafe(8 + raw.length);
  out.writeBigUInt64BE(BigInt(Math.round(atMs * 1000)), 0);
  out.set(raw, 8);
  return out;
}

/** How long packets wait to be written together; what a kill -9 can lose at most (a closed recorder loses nothing). */
export const TLOG_FLUSH_MS = 100;

export interface TlogRecorderOptions {
  /** Record only one direction (default: both). */
  direction?: TrafficDirection;
  /** Wall-clock ms for timestamps (default Date.now: tlogs carry Unix time, not the link's clock). */
  nowMs?: () => number;
}

export class TlogRecorder {
  private readonly out: WriteStream;
  private readonly detach: () => void;
  private packetsWritten = 0;
  private corked = false;

  constructor(
    link: MavlinkLink,
    readonly path: string,
    options: TlogRecorderOptions = {},
  ) {
    this.out = createWriteStream(path, { flags: 'a' });
    const now = options.nowMs ?? Date.now;
    this.detach = link.onTraffic((dir, raw) => {
      if (options.direction && options.direction !== dir) return;
      this.packetsWritten++;
      // Packets go to the file in one write every TLOG_FLUSH_MS: a write per packet is a thread-pool
      // round trip each (~15 % of a link's CPU with 60 vehicles), and datagrams mostly arrive one per turn.
      if (!this.corked) {
        this.corked = true;
        this.out.cork();
        setTimeout(() => {
          this.corked = false;
          this.out.uncork();
        }, TLOG_FLUSH_MS).unref();
      }
      this.out.write(tlogRecord(raw, now()));
    });
  }

  get packets(): number {
    return this.packetsWritten;
  }

  /** Stop recording and flush to disk. */
  close(): Promise<void> {
    this.detach();
    return new Promise((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
