/**
 * PeerTable: which network address each vehicle (sysid) talks from, on a many-peer transport
 * (udpin). Pure bookkeeping with the time passed in, so the policy is tested with tables.
 *
 * Trust rules (docs/security.md):
 * - An address becomes a peer only through `admit()`, which the link calls for a frame that passed
 *   its CRC check (and the signature policy). Junk datagrams never make a peer, so the port never
 *   answers (reflects) to an address that has not sent valid MAVLink.
 * - A sysid's address changes only after `addressChangeFrames` valid frames in a row from the new
 *   address with none from the current one in between. Until then the newcomer's frames are
 *   refused ('conflict'): a forger cannot take over a vehicle that is still talking.
 * - Peers silent for `peerTimeoutMs` expire (and their sysid routes with them).
 * - At most `maxPeers` live peers; frames from further addresses are refused ('peer-limit').
 */

export interface PeerPolicy {
  /** Valid frames in a row from a new address before a sysid's route moves there. */
  addressChangeFrames: number;
  /** A peer (and the routes through it) is forgotten after this long without a valid frame. */
  peerTimeoutMs: number;
  /** Live peers kept at most; further addresses are refused until one expires. */
  maxPeers: number;
}

export const DEFAULT_PEER_POLICY: PeerPolicy = { addressChangeFrames: 5, peerTimeoutMs: 30_000, maxPeers: 32 };

export type PeerVerdict =
  | { kind: 'accept' }
  /** The first address of a sysid (or one whose old address expired). */
  | { kind: 'new-route'; sysid: number; peer: string }
  /** A frame for a routed sysid from another address: refused, counted towards a move. */
  | { kind: 'conflict'; sysid: number; current: string; candidate: string; count: number }
  /** The policy's frame count was reached: the sysid now talks from `to`. */
  | { kind: 'moved'; sysid: number; from: string; to: string }
  | { kind: 'peer-limit'; peer: string }
  /** A frame whose CRC could not be checked (unknown id) from an address that is not the sysid's route. */
  | { kind: 'unverified'; peer: string };

interface Route {
  peer: string;
  candidate: string | undefined;
  count: number;
}

export class PeerTable {
  private readonly lastHeard = new Map<string, number>();
  private readonly routes = new Map<number, Route>();

  constructor(readonly policy: PeerPolicy = DEFAULT_PEER_POLICY) {}

  /**
   * A valid frame from `peer` claiming `sysid` arrived at `nowMs`: accept it or say why not.
   * `verified` false (a frame of an id whose CRC we cannot check) is accepted only from the sysid's
   * current route and never creates or refreshes anything.
   */
  admit(peer: string, sysid: number, nowMs: number, verified = true): PeerVerdict {
    this.expire(nowMs);
    if (!verified) return this.routes.get(sysid)?.peer === peer ? { kind: 'accept' } : { kind: 'unverified', peer };
    if (!this.lastHeard.has(peer) && this.lastHeard.size >= this.policy.maxPeers) return { kind: 'peer-limit', peer };
    const route = this.routes.get(sysid);
    if (!route) {
      this.lastHeard.set(peer, nowMs);
      this.routes.set(sysid, { peer, candidate: undefined, count: 0 });
      return { kind: 'new-route', sysid, peer };
    }
    if (route.peer === peer) {
      this.lastHeard.set(peer, nowMs);
      route.candidate = undefined; // the current address is alive: a newcomer starts over
      route.count = 0;
      return { kind: 'accept' };
    }
    route.count = route.candidate === peer ? route.count + 1 : 1;
    route.candidate = peer;
    if (route.count < this.policy.addressChangeFrames) return { kind: 'conflict', sysid, current: route.peer, candidate: peer, count: route.count };
    const from = route.peer;
    this.routes.set(sysid, { peer, candidate: undefined, count: 0 });
    this.lastHeard.set(peer, nowMs);
    return { kind: 'moved', sysid, from, to: peer };
  }

  /** Where to send to `sysid`, if it has a live route. */
  routeOf(sysid: number, nowMs: number): string | undefined {
    this.expire(nowMs);
    return this.routes.get(sysid)?.peer;
  }

  /** Live peers ("address:port"), in the order first heard. */
  peers(nowMs: number): string[] {
    this.expire(nowMs);
    return [...this.lastHeard.keys()];
  }

  private expire(nowMs: number): void {
    for (const [peer, at] of this.lastHeard) {
      if (nowMs - at <= this.policy.peerTimeoutMs) continue;
      this.lastHeard.delete(peer);
      for (const [sysid, r] of this.routes) if (r.peer === peer) this.routes.delete(sysid);
    }
  }
}
