/**
 * The mission round trip over a real serial link: a socat pseudo-terminal pair, the client on one
 * end, the simulated PX4 on the other, production timing. Without socat the test fails on CI
 * (CI=true) and is skipped elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelTo } from '../../../firmware-bridge/link/channel.js';
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import { MissionClient } from '../../../firmware-bridge/mission/client.js';
import { compareItems } from '../../../firmware-bridge/mission/types.js';
import { SerialTransport } from '../../../firmware-bridge/transport/serial.js';
import { MissionServer } from '../../../sim/protocol/mission-server.js';
import { DELIVERY_MISSION, FENCE_PLAN, RALLY_PLAN, surveyMission } from '../helpers/messages.js';
import { requireSocat, socatPair, type PtyPair } from '../helpers/socat.js';

describe('socat requirement', () => {
  it('fails on CI without socat, skips elsewhere', () => {
    expect(() => requireSocat({ CI: 'true', PATH: '/nonexistent' })).toThrow(/socat is not installed.*CI=true/);
    expect(requireSocat({ PATH: '/nonexistent' })).toMatch(/socat is not installed/);
  });
});

const skip = requireSocat(); // throws on CI without socat

describe.skipIf(skip !== undefined)(`mission transfer over a socat pty pair${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let pty: PtyPair;
  let gcsLink: MavlinkLink;
  let vehicleLink: MavlinkLink;
  let server: MissionServer;
  let client: MissionClient;

  beforeAll(async () => {
    pty = await socatPair();
    vehicleLink = new MavlinkLink(await SerialTransport.open(pty.b, 57600), { identity: { sysid: 1, compid: 1 }, heartbeat: false });
    server = new MissionServer(vehicleLink);
    gcsLink = new MavlinkLink(await SerialTransport.open(pty.a, 57600));
    client = new MissionClient(channelTo(gcsLink, { system: 1, component: 1 }));
  });

  afterAll(async () => {
    server?.close();
    await gcsLink?.close();
    await vehicleLink?.close();
    await pty?.close();
  });

  it('round-trips the delivery mission, fence and rally points, verified field by field', async () => {
    expect((await client.uploadVerified('mission', DELIVERY_MISSION)).opaqueId).toBe(3971944974);
    expect((await client.uploadVerified('fence', FENCE_PLAN)).opaqueId).toBe(3382803692);
    expect((await client.uploadVerified('rally', RALLY_PLAN)).opaqueId).toBe(3633577010);
    const back = await client.download('mission');
    expect(compareItems(DELIVERY_MISSION, back.items)).toEqual([]);
  });

  it('moves a 100-item mission through the byte stream (frames split across reads)', async () => {
    const big = surveyMission(100);
    const up = await client.uploadVerified('mission', big);
    expect(up.count).toBe(100);
    expect(compareItems(big, server.plan('mission').items)).toEqual([]);
    await client.clear('all');
    expect((await client.download('mission')).items).toEqual([]);
  });
});
