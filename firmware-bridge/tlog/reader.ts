/**
 * .tlog reader for replay: async iterator of {timestampUs, frame}. Strict: each record must be a
 * timestamp followed by exactly one complete frame; a truncated tail is reported, not guessed at.
 */
import { createReadStream } from 'node:fs';
import { STX_V1, STX_V2, IFLAG_SIGNED, FrameScanner, type Frame } from '../codec/frame.js';
import { BridgeError } from '../errors.js';

export interface TlogEntry {
  /** µs since the Unix epoch as written (pymavlink masks the low 2 bits as a link number). */
  timestampUs: bigint;
  frame: Frame;
}

export interface TlogReadSummary {
  records: number;
  /** Records whose frame failed CRC or was not a frame at all. */
  badRecords: number;
}

/** Length of the frame starting at buf[i], or 0 if the bytes there cannot start a frame. */
function frameLength(buf: Buffer, i: number): number {
  const stx = buf[i];
  if (stx === STX_V2) {
    if (buf.length - i < 3) return -1;
    return 10 + buf[i + 1]! + 2 + (buf[i + 2]! & IFLAG_SIGNED ? 13 : 0);
  }
  if (stx === STX_V1) {
    if (buf.length - i < 2) return -1;
    return 6 + buf[i + 1]! + 2;
  }
  return 0;
}

/** Parse a whole tlog held in memory. Yields records in file order. */
export function* parseTlog(buf: Buffer, summary: TlogReadSummary = { records: 0, badRecords: 0 }): Generator<TlogEntry> {
  const scanner = new FrameScanner();
  let i = 0;
  while (i < buf.length) {
    if (buf.length - i < 9) throw truncated(i);
    const ts = buf.readBigUInt64BE(i);
    const len = frameLength(buf, i + 8);
    if (len < 0 || i + 8 + len > buf.length) throw truncated(i);
    summary.records++;
    if (len === 0) {
      summary.badRecords++;
      i += 1; // not a frame here: slide one byte and look for the next plausible record
      continue;
    }
    let got: Frame | undefined;
    scanner.reset();
    scanner.push(buf.subarray(i + 8, i + 8 + len), (f) => (got ??= f));
    if (got) yield { timestampUs: ts, frame: got };
    else summary.badRecords++;
    i += 8 + len;
  }
}

function truncated(offset: number): BridgeError {
  return new BridgeError('TLOG_TRUNCATED', `tlog ends inside a record at byte ${offset}; the file was cut short (recording interrupted?)`, { offset });
}

/** Stream a tlog file record by record (constant memory for long flights). */
export async function* readTlog(path: string, summary?: TlogReadSummary): AsyncGenerator<TlogEntry> {
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    const buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    // Parse complete records only; keep the tail for the next chunk.
    let end = 0;
    while (end < buf.length) {
      if (buf.length - end < 9) break;
      const len = frameLength(buf, end + 8);
      if (len < 0 || end + 8 + len > buf.length) break;
      end += len === 0 ? 1 : 8 + len;
    }
    yield* parseTlog(buf.subarray(0, end), summary);
    carry = Buffer.from(buf.subarray(end));
  }
  if (carry.length) throw truncated(-1);
}
