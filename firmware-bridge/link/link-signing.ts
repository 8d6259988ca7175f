/**
 * A link's signing: one key for the link and/or one key per vehicle (several sysids sharing one
 * port, each with its own key). Incoming frames are checked with the key of the sysid they claim;
 * outgoing ones are signed with the key of the vehicle they go to. Keys stay inside the Signers and
 * SignatureVerifiers (never logged, never serialised).
 *
 * Why per vehicle: with one key per link, any vehicle on the link (or anyone who took its key off a
 * lost drone) can sign as any other. With a key per sysid, a frame claiming sysid 2 signed with
 * vehicle 3's key is refused — and told apart ('other-vehicle-key') for the alert.
 */
import type { Frame } from '../codec/frame.js';
import { Signer, SignatureVerifier, signedWith, type SignatureVerdict } from '../codec/signing.js';

export interface SigningOptions {
  /** The link's key: every vehicle without its own key. */
  key?: Buffer;
  /** Per-vehicle keys (sysid → 32-byte key) on a shared link; they take precedence over `key`. */
  vehicleKeys?: ReadonlyMap<number, Buffer>;
  linkId?: number;
  /** What to do with unsigned incoming frames: PX4 without signing sends only unsigned ones. */
  unsigned: 'accept' | 'reject';
  /** Our timestamps start above this (persisted across restarts). */
  timestampFloor?: number;
  /** Told every timestamp we sign with (to persist the floor). */
  onSigned?: (timestamp: number) => void;
  /** The receive replay state saved before a restart (see replayState()). */
  replayState?: ReadonlyMap<number, number>;
}

export type LinkSignatureVerdict = SignatureVerdict | 'no-key' | 'other-vehicle-key';

export class LinkSigning {
  readonly unsigned: 'accept' | 'reject';
  private readonly linkSigner: Signer | undefined;
  private readonly linkVerifier: SignatureVerifier | undefined;
  private readonly vehicles = new Map<number, { key: Buffer; signer: Signer; verifier: SignatureVerifier }>();

  constructor(
    private readonly o: SigningOptions,
    private readonly nowMs: () => number,
  ) {
    this.unsigned = o.unsigned;
    const signer = (key: Buffer): Signer => new Signer(key, o.linkId ?? 0, nowMs, o.timestampFloor ?? 0, o.onSigned);
    if (o.key) {
      this.linkSigner = signer(o.key);
      this.linkVerifier = new SignatureVerifier(o.key, nowMs, o.replayState);
    }
    for (const [sysid, key] of o.vehicleKeys ?? []) this.vehicles.set(sysid, { key, signer: signer(key), verifier: new SignatureVerifier(key, nowMs, o.replayState) });
  }

  /** Every stream's last accepted timestamp (persisted so a restart does not reopen replays). */
  replayState(): Map<number, number> {
    const out = new Map<number, number>();
    for (const v of [this.linkVerifier, ...[...this.vehicles.values()].map((x) => x.verifier)]) {
      for (const [stream, ts] of v?.streams() ?? []) out.set(stream, Math.max(ts, out.get(stream) ?? 0));
    }
    return out;
  }

  /** sysids with a key of their own. */
  get keyedSysids(): number[] {
    return [...this.vehicles.keys()];
  }

  /** Whether frames to and from `sysid` can be signed (its own key or the link's). */
  hasKeyFor(sysid: number): boolean {
    return this.vehicles.has(sysid) || this.linkSigner !== undefined;
  }

  /** The key for `sysid` (provisioning sends it in SETUP_SIGNING): its own, else the link's. */
  keyFor(sysid: number): Buffer | undefined {
    return this.vehicles.get(sysid)?.key ?? this.o.key;
  }

  /** The signer for frames to `sysid` (undefined: the link's; none → unsigned). */
  signerFor(sysid: number | undefined): Signer | undefined {
    return (sysid === undefined ? undefined : this.vehicles.get(sysid)?.signer) ?? this.linkSigner;
  }

  verify(frame: Frame): LinkSignatureVerdict {
    if (!frame.signature) return 'unsigned';
    const own = this.vehicles.get(frame.sysid)?.verifier ?? this.linkVerifier;
    const verdict = own ? own.verify(frame) : 'no-key';
    if (verdict !== 'bad-signature' && verdict !== 'no-key') return verdict;
    // Signed with the key of another vehicle on this link? (a vehicle posing as another, or keys mixed up)
    for (const [sysid, v] of this.vehicles) if (sysid !== frame.sysid && signedWith(v.key, frame)) return 'other-vehicle-key';
    return verdict;
  }

  toJSON(): string {
    return '[LinkSigning]';
  }
}
