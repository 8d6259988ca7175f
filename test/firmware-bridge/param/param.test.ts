import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { common } from '../../../firmware-bridge/codec/dialect.js';
import { channelTo } from '../../../firmware-bridge/link/channel.js';
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import { bytewiseDecode, bytewiseEncode, decodeParamValue, encodeParamValue, PARAM_TYPE } from '../../../firmware-bridge/param/encoding.js';
import { ParamClient } from '../../../firmware-bridge/param/client.js';
import { PARAM_MAX_RETRIES, paramTransaction } from '../../../firmware-bridge/param/param-transaction.js';
import { UdpInTransport } from '../../../firmware-bridge/transport/udp.js';
import { startFleet, type Fleet } from '../../../sim/runtime/fleet.js';

const TARGET = { system: 1, component: 1 };

function paramValue(name: string, wire: number, type: number, sysid = 1): { data: common.ParamValue; sysid: number; compid: number } {
  const d = new common.ParamValue();
  d.paramId = name;
  d.paramValue = wire;
  d.paramType = type as common.MavParamType;
  d.paramCount = 906;
  d.paramIndex = 572;
  return { data: d, sysid, compid: 1 };
}

describe('PX4 bytewise parameter encoding', () => {
  it.each([
    [2, 2.8e-45],
    [-1, Number.NaN],
    [0, 0],
  ])('int32 %d travels as the float with the same bytes', (int, float) => {
    const wire = bytewiseEncode(int);
    if (Number.isNaN(float)) expect(Number.isNaN(wire)).toBe(true);
    else expect(Math.fround(wire)).toBe(Math.fround(float));
    expect(bytewiseDecode(wire)).toBe(int);
  });
  it('REAL32 stays a float; ints round-trip through encode/decode', () => {
    expect(encodeParamValue(2.5, PARAM_TYPE.REAL32)).toBe(2.5);
    expect(decodeParamValue(encodeParamValue(21196, PARAM_TYPE.INT32), PARAM_TYPE.INT32)).toBe(21196);
  });
});

describe('param transaction (pure reducer)', () => {
  it('read: PARAM_VALUE for another name or another vehicle is ignored; ours completes', () => {
    const tx = paramTransaction({ kind: 'read', name: 'MIS_TAKEOFF_ALT' }, TARGET);
    expect(tx.first.send[0]).toBeInstanceOf(common.ParamRequestRead);
    let s = tx.step(tx.first.state, { kind: 'message', msg: paramValue('RTL_RETURN_ALT', 30, 9) });
    expect(s.timer).toBe('keep');
    s = tx.step(s.state, { kind: 'message', msg: paramValue('MIS_TAKEOFF_ALT', 2.5, 9, 2) });
    expect(tx.outcome(s.state)).toBeUndefined();
    s = tx.step(s.state, { kind: 'message', msg: paramValue('MIS_TAKEOFF_ALT', 2.5, 9) });
    expect(tx.outcome(s.state)).toEqual({ ok: true, value: { name: 'MIS_TAKEOFF_ALT', value: 2.5, type: 9, index: 572, count: 906 } });
  });
  it(`silence: ${PARAM_MAX_RETRIES} resends, then PARAM_TIMEOUT`, () => {
    const tx = paramTransaction({ kind: 'read', name: 'NO_SUCH_PARAM' }, TARGET);
    let s = tx.first;
    let sends = s.send.length;
    for (let i = 0; i <= PARAM_MAX_RETRIES; i++) {
      s = tx.step(s.state, { kind: 'timeout' });
      sends += s.send.length;
    }
    expect(sends).toBe(PARAM_MAX_RETRIES + 1);
    expect(tx.outcome(s.state)).toMatchObject({ ok: false, error: { code: 'PARAM_TIMEOUT' } });
  });
  it('set: another value on every attempt is PARAM_SET_REJECTED; bad names never reach the wire', () => {
    const tx = paramTransaction({ kind: 'set', name: 'GF_ACTION', value: 3, type: 6 }, TARGET);
    expect((tx.first.send[0] as common.ParamSet).paramValue).toBe(bytewiseEncode(3));
    let s = tx.first;
    let sends = s.send.length;
    for (let i = 0; i <= PARAM_MAX_RETRIES; i++) {
      expect(tx.outcome(s.state)).toBeUndefined();
      s = tx.step(s.state, { kind: 'message', msg: paramValue('GF_ACTION', bytewiseEncode(2), 6) });
      sends += s.send.length;
    }
    expect(sends).toBe(PARAM_MAX_RETRIES + 1);
    expect(tx.outcome(s.state)).toMatchObject({ ok: false, error: { code: 'PARAM_SET_REJECTED', details: { actual: 2 } } });
    // A stale answer (an earlier read's, still on its way) is followed by the answer to the resent set.
    const stale = paramTransaction({ kind: 'set', name: 'GF_ACTION', value: 3, type: 6 }, TARGET);
    const again = stale.step(stale.first.state, { kind: 'message', msg: paramValue('GF_ACTION', bytewiseEncode(0), 6) });
    expect(again.send[0]).toBeInstanceOf(common.ParamSet);
    const ok = stale.step(again.state, { kind: 'message', msg: paramValue('GF_ACTION', bytewiseEncode(3), 6) });
    expect(stale.outcome(ok.state)).toMatchObject({ ok: true, value: { value: 3 } });
    const bad = paramTransaction({ kind: 'read', name: 'A_NAME_LONGER_THAN_16' }, TARGET);
    expect(bad.first.send).toEqual([]);
    expect(bad.outcome(bad.first.state)).toMatchObject({ ok: false, error: { code: 'PARAM_INVALID' } });
  });
});

describe('ParamClient against the simulated PX4 over UDP', () => {
  let fleet: Fleet;
  let link: MavlinkLink;
  let params: ParamClient;
  beforeAll(async () => {
    const t = await UdpInTransport.open('127.0.0.1', 0);
    fleet = await startFleet({ speed: 10, basePort: 0, highRateHz: 5, gcs: `udpout://127.0.0.1:${t.localPort}` });
    link = new MavlinkLink(t, { clock: fleet.clock });
    params = new ParamClient(channelTo(link, TARGET), { clock: fleet.clock });
    while (link.stats().rxPackets === 0) await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(async () => {
    await link?.close();
    await fleet?.close();
  });

  it('reads PX4 defaults (float and bytewise int) and sets them verified', async () => {
    expect(await params.read('MIS_TAKEOFF_ALT')).toMatchObject({ value: 2.5, type: 9 });
    expect(await params.read('GF_ACTION')).toMatchObject({ value: 2, type: 6 });
    expect((await params.setVerified('RTL_RETURN_ALT', 60)).value).toBe(60);
    expect((await params.setVerified('GF_ACTION', 3)).value).toBe(3);
    expect(fleet.vehicles[0]!.sim.vehicle.params.get('GF_ACTION')).toBe(3);
  });

  it('an unknown name times out with guidance (PX4 does not answer)', async () => {
    await expect(params.read('NO_SUCH_PARAM')).rejects.toMatchObject({ code: 'PARAM_TIMEOUT', message: expect.stringContaining('check the name') });
  });
});
