/**
 * MAVLink 2 message signing (https://mavlink.io/en/guide/message_signing.html).
 *
 * Our own implementation rather than node-mavlink's sign(): that one stamps Date.now()*100, so two
 * frames in one millisecond share a timestamp and strict receivers drop the second; and its
 * matches() does no replay check. Keys are Buffers that never appear in logs or errors.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { common } from './dialect.js';
import type { Frame } from './frame.js';

/** 2015-01-01T00:00:00Z, the signing epoch. */
const SIGNING_EPOCH_MS = Date.UTC(2015, 0, 1);
/** A new stream is accepted only if its timestamp is at most this far behind our clock (spec: 1 min). */
export const MAX_NEW_STREAM_LAG_10US = 60 * 100_000;

/** Derive the 32-byte key from a passphrase as Mission Planner and MAVProxy do (sha256). */
export function signingKeyFromPassphrase(passphrase: string): Buffer {
  return createHash('sha256').update(passphrase, 'utf8').digest();
}

/** Current time in signing units (10 µs since 2015). */
export function signingNow(nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - SIGNING_EPOCH_MS) * 100));
}

function signatureOf(key: Buffer, frameWithoutSig: Uint8Array, linkId: number, timestamp: number): Buffer {
  const tail = Buffer.alloc(7);
  tail[0] = linkId;
  tail.writeUIntLE(timestamp, 1, 6);
  return createHash('sha256').update(key).update(frameWithoutSig).update(tail).digest().subarray(0, 6);
}

/** Signs outgoing frames with a strictly increasing timestamp. */
export class Signer {
  private last: number;
  /**
   * @param floor every timestamp is above this (the last one persisted before a restart), so a
   *   receiver's replay check never sees ours go backwards, even when the clock was set back.
   * @param onSigned told each timestamp used (to persist the floor).
   */
  constructor(
    private readonly key: Buffer,
    readonly linkId = 0,
    private readonly nowMs: () => number = Date.now,
    floor = 0,
    private readonly onSigned?: (timestamp: number) => void,
  ) {
    if (key.length !== 32) throw new RangeError('signing key must be 32 bytes');
    this.last = floor;
  }

  /** The last timestamp used. */
  get lastTimestamp(): number {
    return this.last;
  }

  /** Append a 13-byte signature to a frame that was serialised with the SIGNED incompat flag. */
  sign(frameWithoutSig: Buffer): Buffer {
    this.last = Math.max(signingNow(this.nowMs()), this.last + 1);
    const out = Buffer.alloc(frameWithoutSig.length + 13);
    frameWithoutSig.copy(out);
    const s = frameWithoutSig.length;
    out[s] = this.linkId;
    out.writeUIntLE(this.last, s + 1, 6);
    signatureOf(this.key, frameWithoutSig, this.linkId, this.last).copy(out, s + 7);
    this.onSigned?.(this.last);
    return out;
  }

  /** Do not print keys. */
  toJSON(): string {
    return '[Signer]';
  }
}

export type SignatureVerdict = 'valid' | 'unsigned' | 'bad-signature' | 'replayed' | 'too-old';

/** Verifies incoming signatures and rejects replays per (sysid, compid, linkId) stream. */
export class SignatureVerifier {
  private readonly lastByStream: Map<number, number>;
  /**
   * @param seed the replay state saved before a restart (stream → last timestamp), so frames
   *   captured before it cannot be replayed after it as a "new stream".
   */
  constructor(
    private readonly key: Buffer,
    private readonly nowMs: () => number = Date.now,
    seed?: ReadonlyMap<number, number>,
  ) {
    this.lastByStream = new Map(seed);
  }

  /** The replay state: stream ((sysid << 16) | (compid << 8) | linkId) → last timestamp accepted. */
  streams(): ReadonlyMap<number, number> {
    return this.lastByStream;
  }

  verify(frame: Frame): SignatureVerdict {
    const sig = frame.signature;
    if (!sig) return 'unsigned';
    const body = frame.raw.subarray(0, frame.raw.length - 13);
    const expected = signatureOf(this.key, body, sig.linkId, sig.timestamp);
    if (!timingSafeEqual(expected, sig.bytes)) return 'bad-signature';
    const stream = (frame.sysid << 16) | (frame.compid << 8) | sig.linkId;
    const last = this.lastByStream.get(stream);
    if (last === undefined) {
      if (sig.timestamp + MAX_NEW_STREAM_LAG_10US < signingNow(this.nowMs())) return 'too-old';
    } else if (sig.timestamp <= last) {
      return 'replayed';
    }
    this.lastByStream.set(stream, sig.timestamp);
    return 'valid';
  }

  toJSON(): string {
    return '[SignatureVerifier]';
  }
}

/** Whether `frame` carries a valid signature made with `key` (no replay check, no state). */
export function signedWith(key: Buffer, frame: Frame): boolean {
  const sig = frame.signature;
  if (!sig) return false;
  return timingSafeEqual(signatureOf(key, frame.raw.subarray(0, frame.raw.length - 13), sig.linkId, sig.timestamp), sig.bytes);
}

/**
 * SETUP_SIGNING (msg 256) that provisions `key` on a vehicle (PX4 stores key and timestamp in its
 * secret file). The key travels in clear: send it over a trusted link (USB) only.
 */
export function setupSigningMessage(target: { system: number; component: number }, key: Buffer, initialTimestamp: number): common.SetupSigning {
  if (key.length !== 32) throw new RangeError('signing key must be 32 bytes');
  const m = new common.SetupSigning();
  m.targetSystem = target.system;
  m.targetComponent = target.component;
  m.secretKey = [...key];
  m.initialTimestamp = BigInt(initialTimestamp);
  return m;
}
