/**
 * Which altitude frames real PX4 v1.16 accepts in a mission upload, and whether sim/ answers the same.
 * Mission files from QGroundControl and Mission Planner may hold terrain frames (10 GLOBAL_TERRAIN_ALT,
 * 11 GLOBAL_TERRAIN_ALT_INT; QGC's AltitudeMode 4) — elbflug imports them as "above terrain"; this
 * tier checks what a PX4 would do with such an item if an operator uploaded it: refuse the transfer
 * (PX4's parse_mavlink_mission_item knows frames 0/3 and, as INT, 5/6 plus 2 for commands).
 *
 * With CI=true a missing runtime or `bc` fails the tier; elsewhere it skips with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelTo } from '../../firmware-bridge/link/channel.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { MissionClient } from '../../firmware-bridge/mission/client.js';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { DELIVERY_MISSION } from '../firmware-bridge/helpers/messages.js';
import { missionPair, type UdpPair } from '../firmware-bridge/mission/udp-pair.js';
import { waitFor } from '../service/rig.js';
import { GCS_PORT } from './gcs-relay.js';
import { missingPrerequisite, Px4Runtime, type Px4Instance } from './runtime.js';

const missing = missingPrerequisite();
if (missing && process.env.CI === 'true') throw new Error(`real-PX4 tier cannot run in CI: ${missing}`);
if (missing) console.warn(`[px4-sitl] skipped: ${missing}`);

const HOME = { lat: DELIVERY_MISSION[0]!.x / 1e7, lon: DELIVERY_MISSION[0]!.y / 1e7, altAmslM: 10 };
/** The same mission with item 2's frame replaced (z keeps its 60 m). */
const withFrame = (frame: number): MissionItem[] => DELIVERY_MISSION.map((it) => (it.seq === 2 ? { ...it, frame } : it));
/** Frame → what the vehicle answered: 'accepted' or the client's typed error code. */
const FRAMES = [0, 3, 5, 6, 10, 11, 1, 4];

let runtime: Px4Runtime;
let px4: Px4Instance | undefined;
let link: MavlinkLink;
let real: MissionClient;
let sim: UdpPair;

async function verdict(client: MissionClient, frame: number): Promise<string> {
  try {
    await client.upload('mission', withFrame(frame));
    return 'accepted';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe.skipIf(missing !== undefined)('mission frames: real PX4 v1.16 and sim/ answer the same', () => {
  beforeAll(async () => {
    runtime = Px4Runtime.prepare();
    // PX4's GCS link sends to 127.0.0.1:14550; the tier's files run one at a time, so the port is ours.
    link = new MavlinkLink(await UdpInTransport.open('127.0.0.1', GCS_PORT));
    px4 = await runtime.start(0, HOME, 3);
    await waitFor('PX4 heard on the GCS port', async () => (link.stats().rxPackets > 10 ? true : undefined), 60_000);
    real = new MissionClient(channelTo(link, { system: px4.sysid, component: 1 }));
    sim = await missionPair({ scale: 0.2 });
  }, 180_000);

  afterAll(async () => {
    await px4?.stop();
    await link?.close();
    await sim?.close();
    if (!process.env.PX4_TIER_KEEP) runtime?.remove();
  }, 60_000);

  it('terrain frames (10, 11) and local frames are refused with UNSUPPORTED_FRAME; global frames accepted — by both', { timeout: 240_000 }, async () => {
    const px4Verdicts: Record<number, string> = {};
    const simVerdicts: Record<number, string> = {};
    for (const f of FRAMES) {
      px4Verdicts[f] = await verdict(real, f);
      simVerdicts[f] = await verdict(sim.client, f);
    }
    console.log(`[px4-sitl] mission frames on PX4 v1.16: ${JSON.stringify(px4Verdicts)}`);
    expect(px4Verdicts).toEqual({
      0: 'accepted', 3: 'accepted', 5: 'accepted', 6: 'accepted',
      10: 'MISSION_NACK_UNSUPPORTED_FRAME', 11: 'MISSION_NACK_UNSUPPORTED_FRAME', 1: 'MISSION_NACK_UNSUPPORTED_FRAME', 4: 'MISSION_NACK_UNSUPPORTED_FRAME',
    });
    expect(simVerdicts).toEqual(px4Verdicts);
  });
});
