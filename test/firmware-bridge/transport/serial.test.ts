/** Link-level behaviour over a real serial line: a socat pseudo-terminal pair (fails on CI without socat). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from '../../../firmware-bridge/codec/encode.js';
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import { openTransport } from '../../../firmware-bridge/transport/open.js';
import type { Transport } from '../../../firmware-bridge/transport/transport.js';
import { requireSocat, socatPair, type PtyPair } from '../helpers/socat.js';
import { nextMessage, until } from '../helpers/links.js';
import { globalPosition, heartbeat } from '../helpers/telemetry.js';

const skip = requireSocat(); // throws on CI without socat

describe.skipIf(skip !== undefined)(`serial transport over a socat pty pair${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let pty: PtyPair;
  let gcs: MavlinkLink;
  let raw: Transport;

  beforeAll(async () => {
    pty = await socatPair();
    gcs = new MavlinkLink(await openTransport(`serial://${pty.a}:57600`));
    raw = await openTransport(`serial://${pty.b}:57600`);
  });

  afterAll(async () => {
    await gcs?.close();
    await raw?.close();
    await pty?.close();
  });

  it('decodes frames around line noise written to the device, counting the noise', async () => {
    const enc = new Encoder({ sysid: 1, compid: 1 });
    const noise = Buffer.from('\r\nATZ\r\nOK\r\n+++\x00\x01\x02');
    const frames = Array.from({ length: 100 }, (_, i) => enc.encode(globalPosition(i)));
    const corrupt = Buffer.from(enc.encode(heartbeat()));
    corrupt[11] = corrupt[11]! ^ 0x10;
    await raw.send(Buffer.concat([noise, ...frames.slice(0, 50), corrupt, noise, ...frames.slice(50)]));
    await until(() => gcs.stats().rxPackets === 100);
    const s = gcs.stats();
    expect(s.crcErrors).toBe(1);
    expect(s.seqGaps).toBe(0); // the corrupted frame (seq 100) never counts; 49 → 50 is no gap
    expect(s.bytesDiscarded).toBe(2 * noise.length + corrupt.length);
  });

  it('sends our GCS heartbeat down the line', async () => {
    const echo = new MavlinkLink(raw, { identity: { sysid: 1, compid: 1 }, heartbeat: false });
    const hb = await nextMessage(echo, (m) => m.name === 'HEARTBEAT', 2500);
    expect(hb.frame).toMatchObject({ sysid: 255, compid: 190 });
  });
});
