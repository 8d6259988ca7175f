import { describe, expect, it } from 'vitest';
import { FrameScanner, type Frame } from '../../../firmware-bridge/codec/frame.js';
import { decodeFrame } from '../../../firmware-bridge/codec/decode.js';
import { Encoder } from '../../../firmware-bridge/codec/encode.js';
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import type { Transport } from '../../../firmware-bridge/transport/transport.js';
import { mulberry32 } from '../helpers/random.js';
import { telemetryMix, heartbeat, globalPosition } from '../helpers/telemetry.js';

const encoder = () => new Encoder({ sysid: 1, compid: 1 });

function scanAll(chunks: Buffer[]): { frames: Frame[]; scanner: FrameScanner } {
  const scanner = new FrameScanner();
  const frames: Frame[] = [];
  for (const c of chunks) scanner.push(c, (f) => frames.push(f));
  return { frames, scanner };
}

/** A link with no transport underneath, for feeding bytes straight in. */
const nullTransport: Transport = {
  description: 'null://',
  datagram: false,
  onData: () => undefined,
  onClose: () => undefined,
  send: async () => undefined,
  close: async () => undefined,
};

describe('FrameScanner', () => {
  it('decodes what the encoder wrote, including trimmed trailing-zero payloads', () => {
    const enc = encoder();
    const msgs = [heartbeat(), globalPosition(3), heartbeat(0, 0)];
    const { frames } = scanAll([Buffer.concat(msgs.map((m) => enc.encode(m)))]);
    expect(frames.map((f) => f.seq)).toEqual([0, 1, 2]);
    const decoded = frames.map((f) => decodeFrame(f));
    expect(decoded[1]).toMatchObject({ lat: 535508030, lon: 99925030 });
    expect(decoded[2]).toMatchObject({ customMode: 0, baseMode: 0 });
  });

  it('reassembles frames split at every possible byte boundary', () => {
    const bytes = Buffer.concat([heartbeat(), globalPosition(1), heartbeat()].map((m, i) => new Encoder({ sysid: 1, compid: i + 1 }).encode(m)));
    for (let cut = 1; cut < bytes.length; cut++) {
      const { frames, scanner } = scanAll([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(frames.map((f) => f.compid)).toEqual([1, 2, 3]);
      expect(scanner.counters.bytesDiscarded).toBe(0);
    }
  });

  it('keeps a valid frame that directly follows a false start byte (node-mavlink loses it)', () => {
    const valid = encoder().encode(heartbeat());
    // 0xfd, len 20, flags 0, … msgid 0 (known): a false candidate whose length would swallow the real frame.
    const falseStart = Buffer.from([0xfd, 20, 0, 0, 0, 1, 1, 0, 0, 0]);
    // As a datagram: the false candidate is rejected at the datagram's end.
    const scanner = new FrameScanner();
    const frames: Frame[] = [];
    scanner.push(Buffer.concat([falseStart, valid]), (f) => frames.push(f), true);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.msgid).toBe(0);
    expect(scanner.counters.crcErrors).toBe(0); // rejected as incomplete, not by CRC
    expect(scanner.counters.bytesDiscarded).toBe(falseStart.length);
    // As a byte stream: the candidate waits for more bytes, fails its CRC, and the frame is still found.
    const { frames: streamed } = scanAll([Buffer.concat([falseStart, valid]), encoder().encode(heartbeat())]);
    expect(streamed).toHaveLength(2);
  });

  it('passes on frames of ids without CRC_EXTRA as unchecked, and frames PX4-only ids with their CRC_EXTRA', () => {
    // EVENT (410) has a CRC_EXTRA from PX4's dialect: checked. 60000 is defined nowhere: unchecked.
    const event = Buffer.from('fd0c000000010198010011223344556677889900aabb', 'hex');
    const { frames: f1 } = scanAll([event]);
    expect(f1).toHaveLength(0); // wrong CRC in this hand-made frame: must be rejected
    const unknown = Buffer.from([0xfd, 1, 0, 0, 7, 1, 1, 0x60, 0xea, 0x00, 0x42, 0x12, 0x34]);
    const { frames: f2, scanner } = scanAll([unknown]);
    expect(f2).toHaveLength(1);
    expect(f2[0]).toMatchObject({ msgid: 60000, crcChecked: false });
    expect(decodeFrame(f2[0]!)).toBeUndefined();
    expect(scanner.counters.unknownMsgId).toBe(1);
  });

  it('counts exactly: garbage without start bytes, corrupted and truncated frames', () => {
    const rnd = mulberry32(7);
    const enc = encoder();
    const parts: Buffer[] = [];
    const seqs: number[] = [];
    let validBytes = 0;
    let bad = 0;
    const noStx = (b: Buffer, from: number) => b.subarray(from).every((x) => x !== 0xfd && x !== 0xfe);
    for (let i = 0; i < 3000; i++) {
      const frame = enc.encode(telemetryMix(i));
      const kind = Math.floor(rnd() * 4);
      if (kind === 0) {
        const garbage = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 0xfd)));
        parts.push(garbage);
      } else if (kind === 1 && noStx(frame, 1)) {
        const c = Buffer.from(frame);
        const at = 10 + Math.floor(rnd() * (c.length - 12));
        c[at] = c[at]! ^ 0x01; // a flipped bit the CRC must catch (0x01 keeps it off 0xfd/0xfe)
        if (!noStx(c, 1)) continue;
        parts.push(c);
        bad++;
      } else if (kind === 2 && noStx(frame, 1)) {
        parts.push(frame.subarray(0, 10 + Math.floor(rnd() * (frame.length - 10)))); // cut short
        bad++;
      }
      parts.push(frame);
      seqs.push(frame[4]!);
      validBytes += frame.length;
    }
    const stream = Buffer.concat(parts);
    const { frames, scanner } = scanAll([stream]);
    expect(frames.every((f) => f.crcChecked && decodeFrame(f) !== undefined)).toBe(true);
    expect(frames.map((f) => f.seq)).toEqual(seqs);
    expect(scanner.counters.crcErrors).toBe(bad);
    expect(scanner.counters.bytesDiscarded).toBe(stream.length - validBytes);
  });

  it('fuzz: 10^5 random, truncated and corrupted frames into a link never throw; valid frames around them decode', () => {
    const rnd = mulberry32(20261128);
    const enc = encoder();
    const link = new MavlinkLink(nullTransport, { heartbeat: false });
    const seen: number[] = [];
    link.onMessage((m) => {
      if (m.data && m.frame.sysid === 1 && m.frame.compid === 1) seen.push(m.frame.seq);
    });
    const sent: number[] = [];
    let chunk: Buffer[] = [];
    for (let i = 0; i < 100_000; i++) {
      const kind = Math.floor(rnd() * 4);
      if (kind === 0) chunk.push(Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))));
      const frame = enc.encode(telemetryMix(i));
      if (kind === 1) {
        const c = Buffer.from(frame);
        c[Math.floor(rnd() * c.length)] = Math.floor(rnd() * 256);
        chunk.push(c);
        sent.push(-1); // may or may not survive; not counted
        sent.pop();
        continue;
      }
      if (kind === 2) chunk.push(frame.subarray(0, Math.floor(rnd() * frame.length)));
      chunk.push(frame);
      sent.push(frame[4]!);
      if (chunk.length > 16 || rnd() < 0.1) {
        // Split the stream at random points, as serial reads do.
        const all = Buffer.concat(chunk);
        const cut = Math.floor(rnd() * all.length);
        expect(() => {
          link.receive(all.subarray(0, cut));
          link.receive(all.subarray(cut));
        }).not.toThrow();
        chunk = [];
      }
    }
    link.receive(Buffer.concat(chunk));
    const stats = link.stats();
    // A 16-bit CRC lets about 1 in 65 536 false candidates through, and such a false frame can
    // swallow the valid frame behind it; allow a handful in 10^5, never more.
    expect(sent.length - seen.length).toBeLessThanOrEqual(5);
    expect(seen.length).toBeGreaterThan(sent.length - 6);
    expect(stats.crcErrors).toBeGreaterThan(10_000);
    expect(stats.rxPackets).toBeGreaterThanOrEqual(seen.length);
  });
});
