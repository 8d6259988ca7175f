/** Link counters. Pure bookkeeping; the link calls it, REST exposes snapshot(). */
import type { FrameCounters } from '../codec/frame.js';

/** Per-message rates are measured over windows of this length. */
export const RATE_WINDOW_MS = 5_000;

interface MessageCounter {
  count: number;
  windowStartMs: number;
  windowCount: number;
  rateHz: number;
}

export interface LinkStatsSnapshot {
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  crcErrors: number;
  unknownMsgId: number;
  badIncompatFlags: number;
  bytesDiscarded: number;
  /** Packets missing according to per-(sysid, compid) sequence numbers. */
  seqGaps: number;
  /** Frames with the same seq as the previous one from the same source. */
  duplicates: number;
  signatureRejected: number;
  /** Of signatureRejected: signed with the key of another vehicle on this link. */
  otherVehicleKey: number;
  unsignedRejected: number;
  undecodable: number;
  /** Frames from sysid 0 (the broadcast address; no vehicle speaks as 0), dropped. */
  sysidZero: number;
  /** CRC-valid frames carrying impossible values (|lat| > 90°, NaN, …), dropped. */
  implausible: number;
  /** Frames for a sysid from an address other than its route (refused until the address-change policy moves it). */
  addressConflicts: number;
  /** Frames from new addresses while the peer table was full, dropped. */
  peerLimitDropped: number;
  /** Frames of ids we cannot CRC-check from an address that is not their sysid's route, dropped. */
  unverifiedPeer: number;
  /** name → count and rate over the last completed window. */
  messages: Record<string, { count: number; rateHz: number }>;
}

export class LinkStats {
  rxPackets = 0;
  rxBytes = 0;
  txPackets = 0;
  txBytes = 0;
  seqGaps = 0;
  duplicates = 0;
  signatureRejected = 0;
  otherVehicleKey = 0;
  unsignedRejected = 0;
  undecodable = 0;
  sysidZero = 0;
  implausible = 0;
  addressConflicts = 0;
  peerLimitDropped = 0;
  unverifiedPeer = 0;
  private readonly lastSeq = new Map<number, number>();
  private readonly perMessage = new Map<string, MessageCounter>();

  /** Account for one received frame from (sysid, compid) with sequence `seq`. */
  received(sysid: number, compid: number, seq: number, name: string, bytes: number, nowMs: number): void {
    this.rxPackets++;
    this.rxBytes += bytes;
    const key = (sysid << 8) | compid;
    const last = this.lastSeq.get(key);
    if (last !== undefined) {
      const gap = (seq - last - 1) & 0xff;
      if (gap === 255) this.duplicates++;
      else this.seqGaps += gap;
    }
    this.lastSeq.set(key, seq);
    let c = this.perMessage.get(name);
    if (!c) {
      c = { count: 0, windowStartMs: nowMs, windowCount: 0, rateHz: 0 };
      this.perMessage.set(name, c);
    }
    c.count++;
    c.windowCount++;
    this.roll(c, nowMs);
  }

  sent(bytes: number): void {
    this.txPackets++;
    this.txBytes += bytes;
  }

  snapshot(frames: FrameCounters, nowMs: number): LinkStatsSnapshot {
    const messages: LinkStatsSnapshot['messages'] = {};
    for (const [name, c] of this.perMessage) {
      this.roll(c, nowMs);
      messages[name] = { count: c.count, rateHz: c.rateHz };
    }
    return {
      rxPackets: this.rxPackets,
      rxBytes: this.rxBytes,
      txPackets: this.txPackets,
      txBytes: this.txBytes,
      crcErrors: frames.crcErrors,
      unknownMsgId: frames.unknownMsgId,
      badIncompatFlags: frames.badIncompatFlags,
      bytesDiscarded: frames.bytesDiscarded,
      seqGaps: this.seqGaps,
      duplicates: this.duplicates,
      signatureRejected: this.signatureRejected,
      otherVehicleKey: this.otherVehicleKey,
      unsignedRejected: this.unsignedRejected,
      undecodable: this.undecodable,
      sysidZero: this.sysidZero,
      implausible: this.implausible,
      addressConflicts: this.addressConflicts,
      peerLimitDropped: this.peerLimitDropped,
      unverifiedPeer: this.unverifiedPeer,
      messages,
    };
  }

  private roll(c: MessageCounter, nowMs: number): void {
    const elapsed = nowMs - c.windowStartMs;
    if (elapsed < RATE_WINDOW_MS) return;
    // A window with no traffic for two periods means the stream stopped: report 0, not a stale rate.
    c.rateHz = elapsed > 2 * RATE_WINDOW_MS ? 0 : (c.windowCount * 1000) / elapsed;
    c.windowStartMs = nowMs;
    c.windowCount = 0;
  }
}
