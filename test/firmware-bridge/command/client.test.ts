/** CommandClient with a FakeClock and an in-memory channel: queueing, abort, progress, helpers. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../firmware-bridge/clock.js';
import { common, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import { CommandClient, MAX_QUEUED_PER_COMMAND } from '../../../firmware-bridge/command/client.js';
import { ACK_TIMEOUT_MS, IN_PROGRESS_TIMEOUT_MS } from '../../../firmware-bridge/command/command-long.js';
import { isBridgeError, type BridgeErrorCode } from '../../../firmware-bridge/errors.js';
import { commandAck, fakeChannel } from './fake-channel.js';

const C = common.MavCmd;

function setup() {
  const clock = new FakeClock(1_000);
  const fake = fakeChannel();
  const client = new CommandClient(fake.channel, { clock });
  return { clock, fake, client };
}

async function rejection(p: Promise<unknown>): Promise<Error & { code?: BridgeErrorCode }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: BridgeErrorCode };
  }
  throw new Error('expected a rejection');
}

const params = (m: MavLinkData) => {
  const c = m as common.CommandLong;
  return [c._param1, c._param2, c._param3, c._param4, c._param5, c._param6, c._param7];
};

describe('CommandClient', () => {
  it('resolves on ACCEPTED and releases its subscription and timer', async () => {
    const { clock, fake, client } = setup();
    const p = client.arm();
    expect(fake.sent).toHaveLength(1);
    fake.deliver(commandAck(C.COMPONENT_ARM_DISARM, 0, { resultParam2: 3 }));
    await expect(p).resolves.toMatchObject({ ok: true, sends: 1, resultParam2: 3 });
    expect(fake.subscribers()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(client.pending).toBe(0);
  });

  it('retries on the FakeClock and rejects COMMAND_TIMEOUT after 4 sends', async () => {
    const { clock, fake, client } = setup();
    const p = client.returnToLaunch();
    const err = rejection(p);
    for (let i = 0; i < 4; i++) clock.advance(ACK_TIMEOUT_MS);
    expect((fake.sent as common.CommandLong[]).map((m) => m.confirmation)).toEqual([0, 1, 2, 3]);
    const e = await err;
    expect(e.code).toBe('COMMAND_TIMEOUT');
    expect(fake.subscribers()).toBe(0);
  });

  it('gripper without an ACK: COMMAND_TIMEOUT that says PX4 may never answer', async () => {
    const { clock, client } = setup();
    const err = rejection(client.gripper('release'));
    clock.advance(4 * ACK_TIMEOUT_MS);
    const e = await err;
    expect(e.code).toBe('COMMAND_TIMEOUT');
    expect(e.message).toMatch(/PX4 never acknowledges DO_GRIPPER/);
  });

  it('reports IN_PROGRESS through onProgress and re-sends once when the final ACK is lost', async () => {
    const { clock, fake, client } = setup();
    const progress: (number | undefined)[] = [];
    const p = client.gripper('grab', { onProgress: (x) => progress.push(x) });
    fake.deliver(commandAck(C.DO_GRIPPER, common.MavResult.IN_PROGRESS, { progress: 255 }));
    clock.advance(ACK_TIMEOUT_MS * 3); // no retransmission while in progress
    expect(fake.sent).toHaveLength(1);
    clock.advance(IN_PROGRESS_TIMEOUT_MS - ACK_TIMEOUT_MS * 3);
    expect(fake.sent).toHaveLength(2);
    fake.deliver(commandAck(C.DO_GRIPPER, 0));
    await expect(p).resolves.toMatchObject({ ok: true, sends: 2 });
    expect(progress).toEqual([undefined]);
    expect(params(fake.sent[0]!).slice(0, 2)).toEqual([1, 1]);
  });

  it('rejects a refusal with the typed code and the result in details', async () => {
    const { fake, client } = setup();
    const err = rejection(client.setMode('Position'));
    fake.deliver(commandAck(C.DO_SET_MODE, common.MavResult.TEMPORARILY_REJECTED));
    const e = await err;
    expect(isBridgeError(e, 'COMMAND_TEMPORARILY_REJECTED')).toBe(true);
    expect((e as unknown as { details: object }).details).toMatchObject({ command: 176, result: 1, sends: 1 });
  });

  it('queues commands with the same id: one in flight, the next starts when it ends', async () => {
    const { fake, client } = setup();
    const a = client.setMode('Hold');
    const b = client.setMode('Mission');
    const c = client.arm(); // another id: runs in parallel
    expect(fake.sent.map((m) => (m as common.CommandLong).command)).toEqual([176, 400]);
    fake.deliver(commandAck(C.DO_SET_MODE, 0));
    await expect(a).resolves.toMatchObject({ ok: true });
    expect(fake.sent.map((m) => (m as common.CommandLong).command)).toEqual([176, 400, 176]);
    expect(params(fake.sent[2]!).slice(0, 3)).toEqual([1, 4, 4]);
    fake.deliver(commandAck(C.DO_SET_MODE, 0));
    fake.deliver(commandAck(C.COMPONENT_ARM_DISARM, 0));
    await expect(b).resolves.toMatchObject({ ok: true });
    await expect(c).resolves.toMatchObject({ ok: true });
  });

  it('COMMAND_BUSY when too many of one command are waiting', async () => {
    const { client } = setup();
    const all = Array.from({ length: MAX_QUEUED_PER_COMMAND + 1 }, () => client.land());
    all.forEach((p) => p.catch(() => undefined));
    const e = await rejection(client.land());
    expect(e.code).toBe('COMMAND_BUSY');
    client.close();
  });

  it('AbortSignal: aborts a running command (next in queue starts) and a queued one', async () => {
    const { fake, client } = setup();
    const ctlA = new AbortController();
    const ctlC = new AbortController();
    const a = rejection(client.land({ signal: ctlA.signal }));
    const b = client.land();
    const c = rejection(client.land({ signal: ctlC.signal }));
    ctlC.abort('not needed');
    expect((await c).code).toBe('COMMAND_ABORTED');
    ctlA.abort(new Error('operator stop'));
    const e = await a;
    expect(e.code).toBe('COMMAND_ABORTED');
    expect(e.message).toContain('operator stop');
    expect(fake.sent).toHaveLength(2); // b is now in flight
    fake.deliver(commandAck(C.NAV_LAND, 0));
    await expect(b).resolves.toMatchObject({ ok: true });
    expect(fake.sent).toHaveLength(2);
  });

  it('an already-aborted signal never sends', async () => {
    const { fake, client } = setup();
    const e = await rejection(client.arm({ signal: AbortSignal.abort() }));
    expect(e.code).toBe('COMMAND_ABORTED');
    expect(fake.sent).toHaveLength(0);
  });

  it('a failing link send rejects with LINK_CLOSED naming the link error, and frees the queue', async () => {
    const { fake, client, clock } = setup();
    fake.failSends = true;
    const e = await rejection(client.arm());
    expect(e.code).toBe('LINK_CLOSED');
    expect(e.message).toContain('failed to send: link closed');
    expect(client.pending).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('an answer delivered synchronously inside send() is not lost', async () => {
    const { fake, client } = setup();
    fake.onSend = (m) => {
      if (m instanceof common.CommandLong) queueMicrotask(() => fake.deliver(commandAck(Number(m.command), 0)));
    };
    await expect(client.requestMessage(242)).resolves.toMatchObject({ ok: true });
  });

  it('close() aborts everything (queued ones never sent) and refuses new commands', async () => {
    const { client, fake } = setup();
    const a = rejection(client.arm());
    const b = rejection(client.arm());
    client.close('vehicle gone');
    expect((await a).code).toBe('COMMAND_ABORTED');
    expect((await b).code).toBe('COMMAND_ABORTED');
    expect(fake.sent).toHaveLength(1);
    expect((await rejection(client.arm())).code).toBe('COMMAND_ABORTED');
  });
});

describe('CommandClient helpers build what PX4 expects', () => {
  const NaN_ = Number.NaN;
  const cases: [string, (c: CommandClient) => Promise<unknown>, number, number[]][] = [
    ['arm', (c) => c.arm(), 400, [1, 0, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['arm force', (c) => c.arm({ force: true }), 400, [1, 21196, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['disarm', (c) => c.disarm(), 400, [0, 0, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['disarm force', (c) => c.disarm({ force: true }), 400, [0, 21196, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['takeoff (param7 AMSL)', (c) => c.takeoff(29.552), 22, [NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, 29.552]],
    ['takeoffAboveHome', (c) => c.takeoffAboveHome(20, 9.5), 22, [NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, 29.5]],
    ['missionStart', (c) => c.missionStart(), 300, [0, 0, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['missionStart from 3', (c) => c.missionStart(3, 6), 300, [3, 6, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['setMode Mission', (c) => c.setMode('Mission'), 176, [1, 4, 4, NaN_, NaN_, NaN_, NaN_]],
    ['hold', (c) => c.hold(), 176, [1, 4, 3, NaN_, NaN_, NaN_, NaN_]],
    ['returnToLaunch', (c) => c.returnToLaunch(), 20, [NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['land', (c) => c.land(), 21, [NaN_, NaN_, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['changeSpeed', (c) => c.changeSpeed(3), 178, [1, 3, -1, 0, NaN_, NaN_, NaN_]],
    ['gripper release', (c) => c.gripper('release'), 211, [1, 0, NaN_, NaN_, NaN_, NaN_, NaN_]],
    ['setMessageInterval', (c) => c.setMessageInterval(33, 100_000), 511, [33, 100000, 0, 0, 0, 0, 0]],
    ['requestMessage', (c) => c.requestMessage(148), 512, [148, 0, 0, 0, 0, 0, 0]],
  ];

  it.each(cases)('%s', async (_, call, command, expected) => {
    const { fake, client } = setup();
    const p = call(client);
    const m = fake.sent[0] as common.CommandLong;
    expect(m).toBeInstanceOf(common.CommandLong);
    expect(m.command).toBe(command);
    expect(params(m)).toEqual(expected);
    fake.deliver(commandAck(command, 0));
    await p;
  });

  it('reposition: COMMAND_INT, frame GLOBAL, degE7 rounded, z AMSL, CHANGE_MODE flag', async () => {
    const { fake, client } = setup();
    const p = client.reposition({ lat: 53.551339, lon: 9.9925, altAmslM: 29.642 });
    const m = fake.sent[0] as common.CommandInt;
    expect(m).toBeInstanceOf(common.CommandInt);
    expect([m.command, m.frame, m._param1, m._param2, m._param3, m._param5, m._param6, m._param7]).toEqual([192, 0, -1, 1, 0, 535513390, 99925000, 29.642]);
    expect(Number.isNaN(m._param4)).toBe(true);
    fake.deliver(commandAck(192, 0));
    await p;
  });

  it.each([
    ['takeoff NaN', (c: CommandClient) => c.takeoff(Number.NaN)],
    ['reposition lat Infinity', (c: CommandClient) => c.reposition({ lat: Infinity, lon: 0, altAmslM: 0 })],
    ['setMessageInterval -2', (c: CommandClient) => c.setMessageInterval(33, -2)],
    ['int with fractional x', (c: CommandClient) => c.int(192, { frame: 0, x: 1.5, y: 0, z: 0 })],
  ])('%s → COMMAND_INVALID_PARAMS, nothing sent', async (_, call) => {
    const { fake, client } = setup();
    const e = await rejection((async () => call(client))());
    expect(e.code).toBe('COMMAND_INVALID_PARAMS');
    expect(fake.sent).toHaveLength(0);
  });

  it('setMode with an unknown name is MODE_UNKNOWN', async () => {
    const { client } = setup();
    expect((await rejection((async () => client.setMode('Sport'))())).code).toBe('MODE_UNKNOWN');
  });
});


