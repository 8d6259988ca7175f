/**
 * The one small interface every byte carrier implements (UDP, TCP, serial). Framing, sequence
 * numbers, signing and stats live once above it, in MavlinkLink.
 */
import type { PeerVerdict } from '../link/peers.js';

export interface Transport {
  /** Human-readable endpoint, e.g. "udpin://0.0.0.0:14550". */
  readonly description: string;
  /** True when each chunk is one whole datagram (UDP): frames never span chunks. */
  readonly datagram: boolean;
  /**
   * Called with each chunk as it arrives. For datagram transports one chunk is one datagram and
   * `peer` names its sender; stream transports pass undefined.
   */
  onData(handler: (chunk: Buffer, peer: string | undefined) => void): void;
  /** Called once when the transport closes (by us or by the far end) or fails. */
  onClose(handler: (error?: Error) => void): void;
  /**
   * Send bytes. `sysid` lets multi-peer transports (udpin) pick the peer that vehicle talks from;
   * without it (or for an unknown sysid) they send to every known peer.
   */
  send(bytes: Buffer, sysid?: number, exceptSysids?: ReadonlySet<number>): Promise<void>;
  /**
   * Many-peer transports only: whether `sysid` has a live route (a broadcast signed with one
   * vehicle's key goes to that vehicle only). `exceptSysids` in send() leaves their routes out of a
   * broadcast. Single-remote transports send everything to their one remote.
   */
  hasRoute?(sysid: number): boolean;
  /**
   * Many-peer transports (udpin) only: a frame from `peer` claiming `sysid` passed the link's checks
   * (CRC, signature policy, sanity). Only admitted addresses are ever sent to; the verdict says
   * whether the frame may be believed (see PeerTable).
   */
  admit?(peer: string, sysid: number, verified?: boolean): PeerVerdict;
  close(): Promise<void>;
}
