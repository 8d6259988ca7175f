/**
 * MavlinkLink: one transport, one framer, one sequence counter, our GCS identity and its 1 Hz
 * HEARTBEAT, optional signing, and counters. Bad bytes are counted, never thrown.
 *
 *   transport ──chunks──▶ FrameScanner ──frames──▶ signature policy ──▶ decode ──▶ message handlers
 *        ▲                                  └──────────▶ traffic sinks (tlog: exactly what the link carried)
 *        └──── Encoder (seq, signing) ◀── send(msg)
 */
import { minimal, type MavLinkData } from '../codec/dialect.js';
import { messageName } from '../codec/dialect.js';
import { decodeFrame } from '../codec/decode.js';
import { Encoder, type Identity } from '../codec/encode.js';
import { FrameScanner, type Frame, type FrameCounters } from '../codec/frame.js';
import { LinkSigning, type SigningOptions } from './link-signing.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { BridgeError } from '../errors.js';
import type { Transport } from '../transport/transport.js';
import { implausible } from '../vehicle/sanity.js';
import type { PeerVerdict } from './peers.js';
import { LinkStats, type LinkStatsSnapshot } from './stats.js';

export const GCS_IDENTITY: Identity = { sysid: 255, compid: 190 };
export const HEARTBEAT_INTERVAL_MS = 1_000;

export interface InboundMessage {
  frame: Frame;
  /** Message name, e.g. "HEARTBEAT"; "UNKNOWN_<id>" for ids no dialect defines. */
  name: string;
  /** Decoded message; undefined when we can frame but not decode the id. */
  data: MavLinkData | undefined;
  receivedAtMs: number;
}

export type { SigningOptions };

export interface LinkOptions {
  identity?: Identity;
  /** Heartbeat sent every HEARTBEAT_INTERVAL_MS; false for links that send their own (the simulator). */
  heartbeat?: false | MavLinkData;
  clock?: Clock;
  /**
   * Wall time (ms) for signing timestamps and the replay check (default: clock). A link paced by a
   * simulation's clock still signs in real time, or a vehicle refuses our frames as too old.
   */
  signingClock?: () => number;
  signing?: SigningOptions;
}

/** What link supervision reports (the fleet turns these into alerts). */
export type LinkEvent =
  | Extract<PeerVerdict, { kind: 'conflict' | 'moved' | 'peer-limit' }>
  /** A sysid whose frames were signed sent an unsigned one (refused where signing is required, else taken). */
  | { kind: 'signing-stopped'; sysid: number }
  /** A frame claiming `sysid` signed with another vehicle's key on this link (once per sysid). */
  | { kind: 'other-vehicle-key'; sysid: number };

export type TrafficDirection = 'rx' | 'tx';
export type TrafficSink = (dir: TrafficDirection, raw: Buffer, atMs: number) => void;

/** The GCS heartbeat PX4 needs to count us as "GCS connected" (type GCS, autopilot INVALID). */
export function gcsHeartbeat(): MavLinkData {
  const hb = new minimal.Heartbeat();
  hb.type = minimal.MavType.GCS;
  hb.autopilot = minimal.MavAutopilot.INVALID;
  hb.baseMode = 0 as minimal.MavModeFlag;
  hb.customMode = 0;
  hb.systemStatus = minimal.MavState.ACTIVE;
  hb.mavlinkVersion = 3;
  return hb;
}

export class MavlinkLink {
  readonly identity: Identity;
  /** One framer per peer: datagrams or TCP streams from different peers must not splice. */
  private readonly scanners = new Map<string, FrameScanner>();
  private readonly encoder: Encoder;
  private signing: LinkSigning | undefined;
  /** sysids whose unsigned frames are refused even where the link accepts them (provisioned). */
  private readonly requiredSysids = new Set<number>();
  private readonly otherKeySysids = new Set<number>();
  private readonly counters = new LinkStats();
  private readonly handlers = new Set<(m: InboundMessage) => void>();
  private readonly sinks = new Set<TrafficSink>();
  private readonly closeHandlers = new Set<(error?: Error) => void>();
  private readonly eventHandlers = new Set<(e: LinkEvent) => void>();
  /** sysids seen signing (for the 'signing-stopped' event). */
  private readonly signedSysids = new Set<number>();
  private readonly clock: Clock;
  private readonly signingNow: () => number;
  /** The sender of the chunk being scanned (frames do not carry it). */
  private currentPeer: string | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private closed = false;

  constructor(
    readonly transport: Transport,
    options: LinkOptions = {},
  ) {
    this.identity = options.identity ?? GCS_IDENTITY;
    this.clock = options.clock ?? systemClock;
    this.signingNow = options.signingClock ?? (() => this.clock.now());
    this.encoder = new Encoder(this.identity);
    this.setSigning(options.signing);
    transport.onData((chunk, peer) => this.receive(chunk, peer));
    transport.onClose((error) => this.handleClosed(error));
    if (options.heartbeat !== false) {
      const hb = options.heartbeat ?? gcsHeartbeat();
      const beat = (): void => {
        if (this.closed) return;
        this.send(hb).catch(() => undefined); // a failed heartbeat is visible in stats, not fatal
        this.heartbeatTimer = this.clock.setTimer(HEARTBEAT_INTERVAL_MS, beat);
      };
      beat();
    }
  }

  /**
   * Switch signing on (or off with undefined) for what follows, e.g. after a SETUP_SIGNING was
   * sent or received. The key stays inside the signer and verifier.
   */
  setSigning(signing: SigningOptions | undefined): void {
    this.signing = signing ? new LinkSigning(signing, this.signingNow) : undefined;
  }

  /**
   * Refuse (or, with false, accept again) unsigned frames from `sysid` although the link accepts
   * unsigned ones: a vehicle just provisioned with SETUP_SIGNING signs from now on. Only on a
   * link with signing configured (without a key nothing can be checked).
   */
  requireSigned(sysid: number, on = true): void {
    if (on) this.requiredSysids.add(sysid);
    else this.requiredSysids.delete(sysid);
  }

  /** The receive replay state of a signing link (to persist across restarts); undefined without signing. */
  signingReplayState(): Map<number, number> | undefined {
    return this.signing?.replayState();
  }

  /** The key frames to and from `sysid` are signed with (for SETUP_SIGNING); never logged. */
  signingKeyFor(sysid: number): Buffer | undefined {
    return this.signing?.keyFor(sysid);
  }

  /** Register a handler for every decoded (or at least framed) message. Returns the unsubscribe. */
  onMessage(handler: (m: InboundMessage) => void): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  /** Raw frames in both directions, for the tlog recorder. */
  onTraffic(sink: TrafficSink): () => void {
    this.sinks.add(sink);
    return () => void this.sinks.delete(sink);
  }

  /** Address conflicts and moves, the peer limit, signing stopping. Returns the unsubscribe. */
  onEvent(handler: (e: LinkEvent) => void): () => void {
    this.eventHandlers.add(handler);
    return () => void this.eventHandlers.delete(handler);
  }

  onClose(handler: (error?: Error) => void): () => void {
    this.closeHandlers.add(handler);
    return () => void this.closeHandlers.delete(handler);
  }

  /** Encode with this link's sequence number and send; `targetSysid` routes on multi-peer transports. */
  async send(msg: MavLinkData, targetSysid?: number): Promise<void> {
    if (this.closed) throw new BridgeError('LINK_CLOSED', `link ${this.transport.description} is closed; open a new one`);
    const keyed = this.signing?.keyedSysids ?? [];
    if (targetSysid !== undefined || keyed.length === 0) return this.sendRaw(this.encoder.encodeWith(msg, this.signing?.signerFor(targetSysid)), targetSysid);
    // A broadcast on a link with a key per vehicle: one copy per keyed vehicle, signed with its
    // key and sent to it only, and one for the others (link key or unsigned) to everyone else.
    const copies = keyed.filter((s) => this.transport.hasRoute?.(s) ?? true).map((s) => this.sendRaw(this.encoder.encodeWith(msg, this.signing!.signerFor(s)), s));
    if (this.signing!.signerFor(undefined) || this.signing!.unsigned === 'accept') copies.push(this.sendRaw(this.encoder.encodeWith(msg, this.signing!.signerFor(undefined)), undefined, new Set(keyed)));
    await Promise.all(copies);
  }

  private async sendRaw(raw: Buffer, targetSysid: number | undefined, except?: ReadonlySet<number>): Promise<void> {
    this.counters.sent(raw.length);
    const now = this.clock.now();
    for (const sink of this.sinks) sink('tx', raw, now);
    await this.transport.send(raw, targetSysid, except);
  }

  /** Feed raw bytes as if they came from the transport (replay, fuzzing). */
  receive(chunk: Buffer, peer?: string, datagram = this.transport.datagram): void {
    // Datagrams carry whole frames, so one scanner serves every sender (a flood of source
    // addresses cannot grow a map); streams keep one per peer (tcpin clients are capped).
    const key = datagram ? '' : (peer ?? '');
    let scanner = this.scanners.get(key);
    if (!scanner) {
      scanner = new FrameScanner();
      this.scanners.set(key, scanner);
    }
    this.currentPeer = peer;
    scanner.push(chunk, this.frameSink, datagram);
  }

  private readonly frameSink = (frame: Frame): void => this.handleFrame(frame);

  stats(): LinkStatsSnapshot {
    const total: FrameCounters = { frames: 0, unknownMsgId: 0, crcErrors: 0, badIncompatFlags: 0, bytesDiscarded: 0 };
    for (const s of this.scanners.values()) {
      for (const k of Object.keys(total) as (keyof FrameCounters)[]) total[k] += s.counters[k];
    }
    return this.counters.snapshot(total, this.clock.now());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.heartbeatTimer?.cancel();
    await this.transport.close();
    this.handleClosed();
  }

  /**
   * The trust pipeline: signature policy → sysid 0 → plausibility → the transport's peer policy.
   * A frame refused anywhere is counted and goes nowhere (no state, no tlog, no address learned).
   */
  private handleFrame(frame: Frame): void {
    if (this.signing) {
      const verdict = this.signing.verify(frame);
      if (verdict === 'unsigned') {
        // A sysid that signed now sends unsigned: its key was cleared, or someone poses as it. Said
        // whether the frame is refused (signing required) or taken; again after it signs again.
        if (this.signedSysids.delete(frame.sysid)) this.emitEvent({ kind: 'signing-stopped', sysid: frame.sysid });
        if (this.signing.unsigned === 'reject' || this.requiredSysids.has(frame.sysid)) {
          this.counters.unsignedRejected++;
          return;
        }
      } else if (verdict !== 'valid') {
        this.counters.signatureRejected++;
        if (verdict === 'other-vehicle-key') {
          this.counters.otherVehicleKey++;
          if (!this.otherKeySysids.has(frame.sysid)) {
            this.otherKeySysids.add(frame.sysid);
            this.emitEvent({ kind: 'other-vehicle-key', sysid: frame.sysid });
          }
        }
        return;
      } else {
        this.signedSysids.add(frame.sysid);
      }
    }
    if (frame.sysid === 0) {
      this.counters.sysidZero++; // broadcast address: no vehicle speaks as 0
      return;
    }
    const data = decodeFrame(frame);
    if (data && implausible(data) !== undefined) {
      this.counters.implausible++;
      return;
    }
    const peer = this.currentPeer;
    if (this.transport.admit && peer !== undefined) {
      const verdict = this.transport.admit(peer, frame.sysid, frame.crcChecked);
      if (verdict.kind === 'conflict' || verdict.kind === 'peer-limit' || verdict.kind === 'unverified') {
        if (verdict.kind === 'unverified') this.counters.unverifiedPeer++;
        else {
          if (verdict.kind === 'conflict') this.counters.addressConflicts++;
          else this.counters.peerLimitDropped++;
          this.emitEvent(verdict);
        }
        return;
      }
      if (verdict.kind === 'moved') this.emitEvent(verdict);
    }
    const now = this.clock.now();
    const name = messageName(frame.msgid);
    this.counters.received(frame.sysid, frame.compid, frame.seq, name, frame.raw.length, now);
    for (const sink of this.sinks) sink('rx', frame.raw, now);
    if (!data && frame.crcChecked) this.counters.undecodable++;
    const message: InboundMessage = { frame, name, data, receivedAtMs: now };
    for (const h of this.handlers) {
      try {
        h(message);
      } catch {
        // A consumer's bug must not take the link down; consumers log their own errors.
      }
    }
  }

  private emitEvent(e: LinkEvent): void {
    for (const h of this.eventHandlers) {
      try {
        h(e);
      } catch {
        // as with message handlers: a consumer's bug must not take the link down
      }
    }
  }

  private handleClosed(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.heartbeatTimer?.cancel();
    for (const h of this.closeHandlers) h(error);
  }
}
