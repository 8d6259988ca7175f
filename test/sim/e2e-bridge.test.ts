/** End to end through firmware-bridge's own clients (MissionClient, CommandClient) at 20× real time. */
import { describe, expect, it } from 'vitest';
import type { common } from '../../firmware-bridge/codec/dialect.js';
import { CommandClient } from '../../firmware-bridge/command/client.js';
import { channelTo } from '../../firmware-bridge/link/channel.js';
import { MavlinkLink } from '../../firmware-bridge/link/link.js';
import { MissionClient } from '../../firmware-bridge/mission/client.js';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { UdpInTransport } from '../../firmware-bridge/transport/udp.js';
import { toNE } from '../../sim/physics/geo.js';
import { startFleet } from '../../sim/runtime/fleet.js';
import { DELIVERY_MISSION } from './helpers.js';

describe('firmware-bridge ↔ sim at 20×', () => {
  it('uploadVerified the delivery mission, arm, start, fly to landing: every MISSION_ITEM_REACHED, landing point, disarmed', async () => {
    const transport = await UdpInTransport.open('127.0.0.1', 0);
    const fleet = await startFleet({ speed: 20, basePort: 0, highRateHz: 5, gcs: `udpout://127.0.0.1:${transport.localPort}` });
    const link = new MavlinkLink(transport, { clock: fleet.clock }); // GCS heartbeat on simulated time
    try {
      const reached = new Set<number>();
      link.onMessage((m) => {
        if (m.name === 'MISSION_ITEM_REACHED') reached.add((m.data as common.MissionItemReached).seq);
      });
      const channel = channelTo(link, { system: 1, component: 1 });
      const missions = new MissionClient(channel, { clock: fleet.clock });
      const commands = new CommandClient(channel, { clock: fleet.clock });
      while (!fleet.vehicles[0]!.sim.vehicle.s.ready) await new Promise((r) => setTimeout(r, 20));
      const items: MissionItem[] = DELIVERY_MISSION.map((it) => ({
        seq: it.seq, frame: it.frame, command: it.command, current: 0, autocontinue: 1,
        param1: it.p[0]!, param2: it.p[1]!, param3: it.p[2]!, param4: it.p[3]!, x: it.x, y: it.y, z: it.z, missionType: 'mission',
      }));
      const up = await missions.uploadVerified('mission', items);
      expect(up.readBack.length).toBe(7);
      await commands.arm();
      await commands.missionStart();
      const t0 = Date.now();
      while (Date.now() - t0 < 20_000) {
        const s = fleet.vehicles[0]!.status();
        if (!s.armed && s.t > 100) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const s = fleet.vehicles[0]!.status();
      expect(s.armed).toBe(false);
      expect([...reached].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
      const miss = toNE({ lat: s.lat, lon: s.lon }, { lat: 53.5585, lon: 10.0 });
      expect(Math.hypot(miss.n, miss.e)).toBeLessThan(2);
      commands.close();
    } finally {
      await fleet.close();
      await link.close();
    }
  }, 30_000);
});
