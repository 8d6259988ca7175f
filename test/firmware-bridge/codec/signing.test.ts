import { describe, expect, it } from 'vitest';
import { MavLinkPacketSignature } from 'node-mavlink';
import { Encoder } from '../../../firmware-bridge/codec/encode.js';
import { FrameScanner, type Frame } from '../../../firmware-bridge/codec/frame.js';
import { decodeFrame } from '../../../firmware-bridge/codec/decode.js';
import { Signer, SignatureVerifier, signingKeyFromPassphrase, signingNow } from '../../../firmware-bridge/codec/signing.js';
import { heartbeat } from '../helpers/telemetry.js';

const KEY = signingKeyFromPassphrase('elbflug test key');
const OTHER = signingKeyFromPassphrase('not the key');

function frames(bytes: Buffer[]): Frame[] {
  const s = new FrameScanner();
  const out: Frame[] = [];
  for (const b of bytes) s.push(b, (f) => out.push(f));
  return out;
}

describe('MAVLink 2 signing', () => {
  const now = Date.UTC(2026, 10, 28, 12);

  it('signs with strictly increasing timestamps even within one millisecond', () => {
    const enc = new Encoder({ sysid: 255, compid: 190 }, new Signer(KEY, 3, () => now));
    const fs = frames([enc.encode(heartbeat()), enc.encode(heartbeat()), enc.encode(heartbeat())]);
    expect(fs.map((f) => f.signature?.timestamp)).toEqual([signingNow(now), signingNow(now) + 1, signingNow(now) + 2]);
    expect(fs.every((f) => f.signature?.linkId === 3 && decodeFrame(f) !== undefined)).toBe(true);
  });

  it('verifies good signatures and rejects wrong keys, replays, tampering and stale streams', () => {
    const enc = new Encoder({ sysid: 1, compid: 1 }, new Signer(KEY, 0, () => now));
    const [a, b] = frames([enc.encode(heartbeat()), enc.encode(heartbeat())]);
    const v = new SignatureVerifier(KEY, () => now);
    expect(v.verify(a!)).toBe('valid');
    expect(v.verify(a!)).toBe('replayed');
    expect(v.verify(b!)).toBe('valid');
    expect(new SignatureVerifier(OTHER, () => now).verify(a!)).toBe('bad-signature');
    const tampered = Buffer.from(a!.raw);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    expect(new SignatureVerifier(KEY, () => now).verify(frames([tampered])[0]!)).toBe('bad-signature');
    expect(new SignatureVerifier(KEY, () => now + 120_000).verify(a!)).toBe('too-old');
    expect(v.verify(frames([new Encoder({ sysid: 1, compid: 1 }).encode(heartbeat())])[0]!)).toBe('unsigned');
  });

  it('produces signatures node-mavlink (hence the spec) verifies', () => {
    const enc = new Encoder({ sysid: 255, compid: 190 }, new Signer(KEY, 1, () => now));
    const raw = enc.encode(heartbeat());
    expect(new MavLinkPacketSignature(raw).matches(KEY)).toBe(true);
    expect(new MavLinkPacketSignature(raw).matches(OTHER)).toBe(false);
  });

  it('never prints the key', () => {
    const signer = new Signer(KEY);
    expect(JSON.stringify({ signer })).not.toContain(KEY.toString('hex'));
    expect(JSON.stringify({ v: new SignatureVerifier(KEY) })).not.toContain(KEY.toString('hex'));
  });
});
