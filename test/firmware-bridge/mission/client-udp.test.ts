/**
 * MissionClient against the simulated PX4 over real UDP on 127.0.0.1: the mission-roundtrip and
 * fence-rally scenarios end to end, set-current with PX4's fallback, verification and cancel.
 */
import { describe, expect, it } from 'vitest';
import { compareItems } from '../../../firmware-bridge/mission/types.js';
import { DELIVERY_MISSION, FENCE_PLAN, RALLY_PLAN, surveyMission } from '../helpers/messages.js';
import { missionPair, type UdpPair } from './udp-pair.js';

// Production timing (PX4's 250 ms re-request, 5 s timeout): shortened timeouts on a loaded machine
// turned slow scheduling into retries and crossed transfers; only the timeout test shortens them.
async function withPair(body: (pair: UdpPair) => Promise<void>, options: { scale?: number; virtualTime?: boolean } = { scale: 1 }): Promise<void> {
  const pair = await missionPair(options);
  try {
    await body(pair);
  } finally {
    await pair.close();
  }
}

describe('MissionClient ↔ MissionServer over UDP', () => {
  it.concurrent('mission-roundtrip: verified upload (opaque_id 3971944974), download, set current, clear, empty download', () =>
    withPair(async ({ client, server }) => {
      const progress: string[] = [];
      const up = await client.uploadVerified('mission', DELIVERY_MISSION, { onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`) });
      expect(up).toMatchObject({ opaqueId: 3971944974, count: 7 });
      expect(up.readBack[0]!.current).toBe(1); // PX4 marks its current item; not a difference
      expect(progress).toContain('upload 7/7');
      expect(progress.at(-1)).toBe('download 7/7');
      const down = await client.download('mission');
      expect(down.opaqueId).toBe(3971944974);
      expect(compareItems(DELIVERY_MISSION, down.items)).toEqual([]);
      await client.setCurrent(2); // COMMAND_LONG → UNSUPPORTED → MISSION_SET_CURRENT → MISSION_CURRENT
      expect(server.currentSeq).toBe(2);
      await client.clear('mission');
      expect(server.missionCurrent()).toMatchObject({ total: 65535, missionId: 0 });
      expect(await client.download('mission')).toEqual({ items: [], opaqueId: 0 });
    }),
  );

  it.concurrent('fence-rally: fence (autocontinue 0 on read-back) and rally verified, then clear all', () =>
    withPair(async ({ client, server }) => {
      expect((await client.uploadVerified('fence', FENCE_PLAN)).opaqueId).toBe(3382803692);
      expect((await client.uploadVerified('rally', RALLY_PLAN)).opaqueId).toBe(3633577010);
      const fence = await client.download('fence');
      expect(fence.items.map((it) => it.autocontinue)).toEqual([0, 0, 0, 0, 0]);
      // Frame 3 rally points come back as 6: the same meaning, so still verified.
      expect((await client.uploadVerified('rally', RALLY_PLAN.map((it) => ({ ...it, frame: 3 })))).opaqueId).toBe(2259776176);
      await client.clear('all');
      expect(server.missionCurrent()).toMatchObject({ fenceId: 0, rallyPointsId: 0 });
      expect((await client.download('fence')).items).toEqual([]);
      expect((await client.download('rally')).items).toEqual([]);
    }),
  );

  it.concurrent('uploadVerified never reports success when the vehicle stores something else', () =>
    withPair(async ({ client }) => {
      // PX4 zeroes NAV_RALLY_POINT params: the read-back differs, and we say so.
      const withParams = RALLY_PLAN.map((it) => ({ ...it, param1: 5 }));
      const error = await client.uploadVerified('rally', withParams).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MISSION_VERIFY_MISMATCH' });
      expect((error as { details: { differences: unknown[] } }).details.differences).toEqual([
        { seq: 0, field: 'param1', expected: 5, actual: 0 },
        { seq: 1, field: 'param1', expected: 5, actual: 0 },
      ]);
    }),
  );

  it.concurrent('vehicle refusals arrive as typed errors and keep the old plan', () =>
    withPair(async ({ client, server }) => {
      await client.upload('mission', DELIVERY_MISSION);
      const bad = DELIVERY_MISSION.map((it) => (it.seq === 1 ? { ...it, command: 31000 } : it));
      await expect(client.upload('mission', bad)).rejects.toMatchObject({ code: 'MISSION_NACK_UNSUPPORTED' });
      await expect(client.upload('mission', DELIVERY_MISSION.map((it) => (it.seq === 1 ? { ...it, frame: 1 } : it)))).rejects.toMatchObject({ code: 'MISSION_NACK_UNSUPPORTED_FRAME' });
      await expect(client.upload('rally', surveyMission(9).map((it) => ({ ...it, command: 5100, frame: 6, missionType: 'rally' as const })))).rejects.toMatchObject({ code: 'MISSION_NACK_NO_SPACE' });
      expect(server.plan('mission').opaqueId).toBe(3971944974);
    }),
  );

  it.concurrent('set current past the end times out naming what the vehicle reports', () =>
    withPair(async ({ client }) => {
      await client.upload('mission', DELIVERY_MISSION);
      const error = await client.setCurrent(9).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MISSION_SET_CURRENT_TIMEOUT' });
      expect(String((error as Error).message)).toContain('of 7');
    }, { scale: 0.1 }),
  );

  // Production timing on a clock that moves only while the link is idle: retries answer loss, not load.
  it.concurrent("the vehicle's own seeded loss (faults.lossPct) is survived, and the plan is the one sent", () =>
    withPair(
      async ({ client, server, clock }) => {
        server.setFaults({ mode: 'none', firstTryOnly: false, lossPct: 15, seed: 42 });
        const plan = surveyMission(30);
        const up = await clock!.run(client.uploadVerified('mission', plan));
        expect(up.count).toBe(30);
        expect(compareItems(plan, server.plan('mission').items)).toEqual([]);
      },
      { virtualTime: true },
    ),
  );

  it.concurrent('cancel mid-upload: the vehicle is told, goes idle at once and keeps its old plan', () =>
    withPair(async ({ client, server }) => {
      await client.upload('mission', DELIVERY_MISSION);
      const ac = new AbortController();
      const big = surveyMission(200);
      const upload = client.upload('mission', big, { signal: ac.signal, onProgress: (p) => p.done === 20 && ac.abort() });
      await expect(upload).rejects.toMatchObject({ code: 'MISSION_CANCELLED' });
      await new Promise((r) => setTimeout(r, 20));
      expect(server.transferState).toBe('idle');
      expect(server.plan('mission').opaqueId).toBe(3971944974);
      expect((await client.uploadVerified('mission', big)).count).toBe(200);
    }),
  );
});
