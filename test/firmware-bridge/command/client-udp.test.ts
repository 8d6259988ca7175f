/** CommandClient over real UDP on 127.0.0.1 against the scriptable vehicle peer. */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../firmware-bridge/clock.js';
import { common } from '../../../firmware-bridge/codec/dialect.js';
import { CommandClient } from '../../../firmware-bridge/command/client.js';
import { ACK_TIMEOUT_MS, IN_PROGRESS_TIMEOUT_MS } from '../../../firmware-bridge/command/command-long.js';
import { channelTo } from '../../../firmware-bridge/link/channel.js';
import type { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import { gcsOnUdp, until } from '../helpers/links.js';
import { scripts, VehiclePeer, type PeerOptions } from '../helpers/peer.js';

const C = common.MavCmd;
const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function pair(peerOptions: PeerOptions = {}, clock?: FakeClock): Promise<{ gcs: MavlinkLink; peer: VehiclePeer; client: CommandClient }> {
  const { link: gcs, port } = await gcsOnUdp();
  const peer = await VehiclePeer.open(port, peerOptions);
  open.push(peer, gcs);
  await peer.heartbeat(); // the udpin side learns the vehicle's address from its first datagram
  await until(() => gcs.stats().rxPackets > 0);
  const client = new CommandClient(channelTo(gcs, { system: peer.sysid, component: peer.compid }), clock ? { clock } : {});
  return { gcs, peer, client };
}

describe('CommandClient over UDP', () => {
  it('arm: one COMMAND_LONG with confirmation 0, ACCEPTED', async () => {
    const { peer, client } = await pair();
    await expect(client.arm()).resolves.toMatchObject({ ok: true, sends: 1 });
    expect(peer.received).toMatchObject([{ kind: 'long', command: 400, confirmation: 0, attempt: 1, from: { sysid: 255, compid: 190 } }]);
    expect(peer.received[0]!.params.slice(0, 2)).toEqual([1, 0]);
  });

  it('a lost command is re-sent after ACK_TIMEOUT_MS with confirmation 1', async () => {
    const { peer, client } = await pair({ script: scripts.dropFirst(1) });
    const t0 = Date.now();
    await expect(client.setMode('Mission')).resolves.toMatchObject({ ok: true, sends: 2 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS - 5);
    expect(peer.received.map((c) => c.confirmation)).toEqual([0, 1]);
    expect(peer.received[1]!.params.slice(0, 3)).toEqual([1, 4, 4]);
  });

  it('IN_PROGRESS updates reach onProgress, then the final ACCEPTED', async () => {
    const { peer, client } = await pair({ script: scripts.progressThen([0, 50, 100], 0) });
    const seen: (number | undefined)[] = [];
    await expect(client.gripper('release', { onProgress: (p) => seen.push(p) })).resolves.toMatchObject({ ok: true, progress: 100 });
    expect(seen).toEqual([0, 50, 100]);
    expect(peer.received).toHaveLength(1);
  });

  it('refusals arrive as typed errors', async () => {
    const { client } = await pair({ script: scripts.result(common.MavResult.DENIED) });
    await expect(client.missionStart()).rejects.toMatchObject({ code: 'COMMAND_DENIED' });
  });

  it('lost final ACK after IN_PROGRESS: re-sent once after the progress timeout (FakeClock), then ACCEPTED', async () => {
    const clock = new FakeClock();
    const { peer, client } = await pair({ script: scripts.loseFinalAck(0) }, clock);
    const progress: (number | undefined)[] = [];
    const p = client.gripper('grab', { onProgress: (x) => progress.push(x) });
    await until(() => progress.length === 1);
    clock.advance(IN_PROGRESS_TIMEOUT_MS);
    await expect(p).resolves.toMatchObject({ ok: true, sends: 2 });
    expect(peer.received.map((c) => [c.command, c.confirmation])).toEqual([
      [211, 0],
      [211, 1],
    ]);
  });

  it('gripper on a PX4 without payload_deliverer (no ACK at all): COMMAND_TIMEOUT after 4 sends, saying why', async () => {
    const clock = new FakeClock();
    const { peer, client } = await pair({ script: scripts.silent() }, clock);
    const p = client.gripper('release');
    p.catch(() => undefined);
    for (let n = 1; n <= 4; n++) {
      await until(() => peer.received.length === n);
      clock.advance(ACK_TIMEOUT_MS);
    }
    await expect(p).rejects.toMatchObject({ code: 'COMMAND_TIMEOUT', message: expect.stringMatching(/PD_GRIPPER_EN/) });
    expect(peer.received.map((c) => c.confirmation)).toEqual([0, 1, 2, 3]);
  });

  it('reposition travels as COMMAND_INT with degE7 and AMSL z', async () => {
    const { peer, client } = await pair();
    await client.reposition({ lat: 53.552070, lon: 9.994638, altAmslM: 39.95 });
    const c = peer.received[0]!;
    expect([c.kind, c.command, c.frame]).toEqual(['int', C.DO_REPOSITION, 0]);
    expect(c.params.slice(4, 6)).toEqual([535520700, 99946380]);
    expect(c.params[6]).toBeCloseTo(39.95, 4);
  });

  it('an ACK from another vehicle on the same link does not complete our command', async () => {
    const { link: gcs, port } = await gcsOnUdp();
    const one = await VehiclePeer.open(port, { sysid: 1, script: scripts.silent() });
    const two = await VehiclePeer.open(port, { sysid: 2 });
    open.push(one, two, gcs);
    await Promise.all([one.heartbeat(), two.heartbeat()]);
    await until(() => gcs.stats().rxPackets >= 2);
    const clock = new FakeClock();
    const client1 = new CommandClient(channelTo(gcs, { system: 1, component: 1 }), { clock });
    const client2 = new CommandClient(channelTo(gcs, { system: 2, component: 1 }), { clock });
    const p1 = client1.arm();
    p1.catch(() => undefined);
    await expect(client2.arm()).resolves.toMatchObject({ ok: true });
    await until(() => one.received.length === 1);
    expect(two.received).toHaveLength(1);
    client1.close();
    await expect(p1).rejects.toMatchObject({ code: 'COMMAND_ABORTED' });
  });
});
