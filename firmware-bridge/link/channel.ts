/**
 * A MessageChannel is a link narrowed to one vehicle: what protocol transactions (mission
 * transfer, commands) talk through. They never see the transport, so tests can drive them over
 * any link, and a transaction's subscription ends with the transaction.
 */
import type { MavLinkData } from '../codec/dialect.js';
import type { Identity } from '../codec/encode.js';
import type { InboundMessage, MavlinkLink } from './link.js';

export interface Target {
  system: number;
  component: number;
}

export interface MessageChannel {
  /** The vehicle component we address (PX4 autopilot: 1/1). */
  readonly target: Target;
  /** Our own identity on the link (GCS 255/190). */
  readonly own: Identity;
  send(msg: MavLinkData): Promise<void>;
  /** Messages from the target system (any component). Returns the unsubscribe. */
  subscribe(handler: (m: InboundMessage) => void): () => void;
}

export function channelTo(link: MavlinkLink, target: Target): MessageChannel {
  return {
    target,
    own: link.identity,
    send: (msg) => link.send(msg, target.system),
    subscribe: (handler) =>
      link.onMessage((m) => {
        if (m.frame.sysid === target.system) handler(m);
      }),
  };
}
