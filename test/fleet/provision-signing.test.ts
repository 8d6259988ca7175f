/**
 * The provisioning state machine (src/fleet/provision-signing.ts) on an injected clock, every path:
 * confirmed; no signed frame after the attempts (resent every SETUP_SIGNING_RETRY_MS); signed once,
 * then too few within SIGNED_CONFIRM_TIMEOUT_MS; no key. The vehicle side is frames fed to the link
 * (the real-UDP version against the simulator is test/security/provision-signing.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../firmware-bridge/clock.js';
import { common } from '../../firmware-bridge/codec/dialect.js';
import { decodeFrame } from '../../firmware-bridge/codec/decode.js';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { FrameScanner } from '../../firmware-bridge/codec/frame.js';
import { Signer } from '../../firmware-bridge/codec/signing.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { provisionSigning, SETUP_SIGNING_ATTEMPTS, SETUP_SIGNING_RETRY_MS, SIGNED_CONFIRM_FRAMES, SIGNED_CONFIRM_TIMEOUT_MS } from '../../src/fleet/provision-signing.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';

const KEY = Buffer.alloc(32, 0x5a);

function rig() {
  const clock = new FakeClock(Date.UTC(2026, 11, 7, 12));
  const setups: common.SetupSigning[] = [];
  const scanner = new FrameScanner();
  const transport = {
    description: 'mem',
    datagram: true,
    onData: () => undefined,
    onClose: () => undefined,
    send: async (b: Buffer) => scanner.push(b, (f) => {
      const d = decodeFrame(f);
      if (d instanceof common.SetupSigning) setups.push(d);
    }, true),
    close: async () => undefined,
  };
  const link = new MavlinkLink(transport, { heartbeat: false, clock, signing: { vehicleKeys: new Map([[3, KEY]]), unsigned: 'accept' } });
  const signed = new Encoder({ sysid: 3, compid: 1 }, new Signer(KEY, 0, () => clock.now()));
  const plain = new Encoder({ sysid: 3, compid: 1 });
  const run = (sysid = 3) => provisionSigning({ id: `mem/${sysid}`, sysid, compid: 1, link, clock }, () => clock.now());
  return { clock, link, setups, run, vehicleSigned: () => link.receive(signed.encode(heartbeat())), vehicleUnsigned: () => link.receive(plain.encode(heartbeat())) };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('provisionSigning state machine', () => {
  it('confirmed: SETUP_SIGNING with the key, the first signed frame switches the vehicle to signed, SIGNED_CONFIRM_FRAMES more confirm', async () => {
    const r = rig();
    const p = r.run();
    await flush();
    expect(r.setups).toHaveLength(1);
    expect(r.setups[0]).toMatchObject({ targetSystem: 3, targetComponent: 1 });
    expect(Buffer.from(r.setups[0]!.secretKey)).toEqual(KEY);
    r.vehicleUnsigned(); // before the switch its unsigned frames are still taken
    expect(r.link.stats().unsignedRejected).toBe(0);
    for (let i = 0; i < SIGNED_CONFIRM_FRAMES + 1; i++) r.vehicleSigned();
    const res = await p;
    expect(res).toMatchObject({ vehicle: 'mem/3', signed: true, attempts: 1, signedFrames: SIGNED_CONFIRM_FRAMES + 1 });
    expect(JSON.stringify(res)).not.toContain(KEY.toString('hex'));
    r.vehicleUnsigned(); // now refused
    expect(r.link.stats().unsignedRejected).toBe(1);
  });

  it('no signed frame: SETUP_SIGNING resent every SETUP_SIGNING_RETRY_MS, then SIGNING_NOT_CONFIRMED in phase "sending"', async () => {
    const r = rig();
    const p = r.run();
    const caught = p.catch((e: unknown) => e);
    for (let i = 0; i < SETUP_SIGNING_ATTEMPTS; i++) {
      await flush();
      r.vehicleUnsigned();
      r.clock.advance(SETUP_SIGNING_RETRY_MS);
    }
    const e = (await caught) as { code: string; details: Record<string, unknown> };
    expect(e.code).toBe('SIGNING_NOT_CONFIRMED');
    expect(e.details).toMatchObject({ phase: 'sending', attempts: SETUP_SIGNING_ATTEMPTS });
    expect(r.setups).toHaveLength(SETUP_SIGNING_ATTEMPTS);
    r.vehicleUnsigned();
    expect(r.link.stats().unsignedRejected).toBe(0);
  });

  it('signed once, then silent: SIGNING_NOT_CONFIRMED in phase "confirming" after SIGNED_CONFIRM_TIMEOUT_MS, and unsigned frames are taken again', async () => {
    const r = rig();
    const caught = r.run().catch((e: unknown) => e);
    await flush();
    r.vehicleSigned();
    r.vehicleUnsigned(); // refused while confirming
    expect(r.link.stats().unsignedRejected).toBe(1);
    r.clock.advance(SIGNED_CONFIRM_TIMEOUT_MS);
    const e = (await caught) as { code: string; details: Record<string, unknown> };
    expect(e.code).toBe('SIGNING_NOT_CONFIRMED');
    expect(e.details).toMatchObject({ phase: 'confirming', signedFrames: 1 });
    expect(r.setups).toHaveLength(1); // no resend once the vehicle signed
    r.vehicleUnsigned();
    expect(r.link.stats().unsignedRejected).toBe(1);
  });

  it('a vehicle without a key: SIGNING_NO_KEY, nothing sent', async () => {
    const r = rig();
    await expect(r.run(4)).rejects.toMatchObject({ code: 'SIGNING_NO_KEY' });
    expect(r.setups).toHaveLength(0);
  });
});
