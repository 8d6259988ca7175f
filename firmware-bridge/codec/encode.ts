/** Typed message → MAVLink 2 frame. One Encoder per link: it owns that link's sequence number. */
import { MavLinkProtocolV2 } from 'node-mavlink';
import type { MavLinkData } from './dialect.js';
import { IFLAG_SIGNED } from './frame.js';
import type { Signer } from './signing.js';

export interface Identity {
  sysid: number;
  compid: number;
}

export class Encoder {
  private seq = 0;
  private readonly plain: MavLinkProtocolV2;
  private readonly signed: MavLinkProtocolV2;

  constructor(
    readonly identity: Identity,
    private readonly signer?: Signer,
  ) {
    this.plain = new MavLinkProtocolV2(identity.sysid, identity.compid);
    this.signed = new MavLinkProtocolV2(identity.sysid, identity.compid, IFLAG_SIGNED);
  }

  /** Serialise with this link's next sequence number (wraps at 256); signs if a signer is set. */
  encode(msg: MavLinkData): Buffer {
    return this.encodeWith(msg, this.signer);
  }

  /** As encode, signed by `signer` (a link with one key per vehicle), unsigned without one. */
  encodeWith(msg: MavLinkData, signer: Signer | undefined): Buffer {
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xff;
    if (!signer) return this.plain.serialize(msg, seq);
    return signer.sign(this.signed.serialize(msg, seq));
  }
}
