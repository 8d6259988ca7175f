/**
 * Incremental MAVLink 1/2 framer: bytes in, verified frames out. Pure (no I/O), never throws on input.
 *
 * Written by hand instead of using node-mavlink's MavLinkPacketSplitter because that splitter
 * (2.3.0) silently drops ids it has no CRC_EXTRA for (PX4 sends 8, 380, 410, 411), skips a whole
 * frame length after a false start byte (losing a valid frame right behind it), and guesses tlog
 * timestamps on live streams. Decoding of payloads is still node-mavlink's (see decode.ts).
 */
import { x25, x25Byte } from './crc.js';
import { crcExtra } from './dialect.js';

export const STX_V1 = 0xfe;
export const STX_V2 = 0xfd;
export const IFLAG_SIGNED = 0x01;
const V1_HEADER = 6;
const V2_HEADER = 10;
const CRC_LEN = 2;
const SIGNATURE_LEN = 13;
/** Longest possible frame: v2 header + 255 payload + crc + signature. */
export const MAX_FRAME_LEN = V2_HEADER + 255 + CRC_LEN + SIGNATURE_LEN;

export interface FrameSignature {
  linkId: number;
  /** 48-bit timestamp in units of 10 µs since 2015-01-01. */
  timestamp: number;
  /** The 6 signature bytes. */
  bytes: Buffer;
}

export interface Frame {
  version: 1 | 2;
  msgid: number;
  sysid: number;
  compid: number;
  seq: number;
  incompatFlags: number;
  compatFlags: number;
  /** Payload exactly as on the wire (MAVLink 2 trims trailing zeros). */
  payload: Buffer;
  /** The whole frame, signature included: what a tlog or a router must carry. */
  raw: Buffer;
  signature: FrameSignature | undefined;
  /**
   * True when the CRC was verified with a known CRC_EXTRA. False for a structurally plausible
   * frame of an id no dialect we know defines: its CRC cannot be checked, so it is passed on
   * (for tlogs and routing) but never decoded.
   */
  crcChecked: boolean;
}

export interface FrameCounters {
  /** Frames emitted (checked or not). */
  frames: number;
  /** Frames of an id we have no CRC_EXTRA for (emitted with crcChecked=false). */
  unknownMsgId: number;
  /** Candidate frames of a known id whose checksum did not match. */
  crcErrors: number;
  /** MAVLink 2 frames carrying incompatibility flags we do not understand (dropped, per spec). */
  badIncompatFlags: number;
  /** Bytes thrown away while hunting for a start byte or after a bad candidate. */
  bytesDiscarded: number;
}

export type FrameSink = (frame: Frame) => void;

/** Stateful scanner: feed it chunks as they arrive (UDP datagrams, serial reads, TCP segments). */
export class FrameScanner {
  readonly counters: FrameCounters = { frames: 0, unknownMsgId: 0, crcErrors: 0, badIncompatFlags: 0, bytesDiscarded: 0 };
  private pending: Buffer | undefined;

  /**
   * Scan a chunk; calls `sink` for every frame found, in order.
   * @param datagram true when the chunk is a whole datagram: frames never span UDP datagrams, so an
   *   incomplete candidate at its end is a false start, and scanning resumes right behind it.
   */
  push(chunk: Buffer, sink: FrameSink, datagram = false): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    const end = buf.length;
    let i = 0;
    while (i < end) {
      const stx = buf[i]!;
      if (stx !== STX_V2 && stx !== STX_V1) {
        i++;
        this.counters.bytesDiscarded++;
        continue;
      }
      const step = stx === STX_V2 ? this.tryV2(buf, i, end, sink) : this.tryV1(buf, i, end, sink);
      if (step === 0 && !datagram) {
        // Incomplete frame: keep the tail for the next chunk (bounded by MAX_FRAME_LEN).
        this.pending = Buffer.from(buf.subarray(i));
        return;
      }
      if (step <= 0) {
        i++;
        this.counters.bytesDiscarded++;
      } else {
        i += step;
      }
    }
  }

  /** Bytes held back waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.pending?.length ?? 0;
  }

  /** Forget a partial frame (e.g. after a transport reconnect). */
  reset(): void {
    this.pending = undefined;
  }

  /** @returns frame length consumed, 0 = need more bytes, -1 = not a frame at i. */
  private tryV2(buf: Buffer, i: number, end: number, sink: FrameSink): number {
    if (end - i < V2_HEADER) return 0;
    const len = buf[i + 1]!;
    const incompat = buf[i + 2]!;
    if ((incompat & ~IFLAG_SIGNED) !== 0) {
      this.counters.badIncompatFlags++;
      return -1;
    }
    const signed = (incompat & IFLAG_SIGNED) !== 0;
    const total = V2_HEADER + len + CRC_LEN + (signed ? SIGNATURE_LEN : 0);
    if (end - i < total) return 0;
    const msgid = buf[i + 7]! | (buf[i + 8]! << 8) | (buf[i + 9]! << 16);
    const crcAt = i + V2_HEADER + len;
    const checked = this.check(buf, i, crcAt, msgid, end, total);
    if (checked === undefined) return -1;
    const raw = buf.subarray(i, i + total);
    let signature: FrameSignature | undefined;
    if (signed) {
      const s = crcAt + CRC_LEN;
      signature = { linkId: buf[s]!, timestamp: buf.readUIntLE(s + 1, 6), bytes: buf.subarray(s + 7, s + 13) };
    }
    this.counters.frames++;
    sink({
      version: 2,
      msgid,
      sysid: buf[i + 5]!,
      compid: buf[i + 6]!,
      seq: buf[i + 4]!,
      incompatFlags: incompat,
      compatFlags: buf[i + 3]!,
      payload: buf.subarray(i + V2_HEADER, crcAt),
      raw,
      signature,
      crcChecked: checked,
    });
    return total;
  }

  private tryV1(buf: Buffer, i: number, end: number, sink: FrameSink): number {
    if (end - i < V1_HEADER) return 0;
    const len = buf[i + 1]!;
    const total = V1_HEADER + len + CRC_LEN;
    if (end - i < total) return 0;
    const msgid = buf[i + 5]!;
    const crcAt = i + V1_HEADER + len;
    const checked = this.check(buf, i, crcAt, msgid, end, total);
    if (checked === undefined) return -1;
    this.counters.frames++;
    sink({
      version: 1,
      msgid,
      sysid: buf[i + 3]!,
      compid: buf[i + 4]!,
      seq: buf[i + 2]!,
      incompatFlags: 0,
      compatFlags: 0,
      payload: buf.subarray(i + V1_HEADER, crcAt),
      raw: buf.subarray(i, i + total),
      signature: undefined,
      crcChecked: checked,
    });
    return total;
  }

  /**
   * true = CRC verified; false = unknown id but plausibly framed (the frame ends exactly at the
   * end of the chunk or right before another start byte); undefined = reject this candidate.
   */
  private check(buf: Buffer, i: number, crcAt: number, msgid: number, end: number, total: number): boolean | undefined {
    const extra = crcExtra(msgid);
    if (extra < 0) {
      const next = i + total;
      const plausible = next === end || buf[next] === STX_V2 || buf[next] === STX_V1;
      if (!plausible) return undefined;
      this.counters.unknownMsgId++;
      return false;
    }
    const crc = x25Byte(x25(buf, i + 1, crcAt), extra);
    if (crc !== (buf[crcAt]! | (buf[crcAt + 1]! << 8))) {
      this.counters.crcErrors++;
      return undefined;
    }
    return true;
  }
}
