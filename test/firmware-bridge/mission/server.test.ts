/**
 * The simulated vehicle's mission server against the PX4 1.16 facts in ../shared/px4/README.md
 * (§2 mission-roundtrip, §3 fence-rally, §4 upload-faults). FakeClock, no sockets: the server is
 * transport-agnostic, so a recording port stands in for the link.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../firmware-bridge/clock.js';
import { common, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import type { Frame } from '../../../firmware-bridge/codec/frame.js';
import type { InboundMessage } from '../../../firmware-bridge/link/link.js';
import * as m from '../../../firmware-bridge/mission/messages.js';
import { toMissionItemInt, type MissionItem } from '../../../firmware-bridge/mission/types.js';
import { MissionServer, type MissionServerOptions } from '../../../sim/protocol/mission-server.js';
import { DELIVERY_MISSION, describe as name, FENCE_PLAN, RALLY_PLAN } from '../helpers/messages.js';

const R = common.MavMissionResult;
const V = { system: 1, component: 1 };

function harness(options: MissionServerOptions = {}) {
  const clock = new FakeClock();
  const handlers = new Set<(msg: InboundMessage) => void>();
  const out: MavLinkData[] = [];
  const changes: string[] = [];
  const server = new MissionServer(
    {
      send: async (msg) => void out.push(msg),
      onMessage: (h) => {
        handlers.add(h);
        return () => void handlers.delete(h);
      },
    },
    { clock, timing: { currentIntervalMs: 0 }, onChange: (type, items, id) => changes.push(`${type}:${items.length}:${id}`), ...options },
  );
  const gcs = (data: MavLinkData, from = { sysid: 255, compid: 190 }): void => {
    for (const h of handlers) h({ frame: { sysid: from.sysid, compid: from.compid } as Frame, name: 'X', data, receivedAtMs: clock.now() });
  };
  /** Names of what the server sent since the last call (STATUSTEXT shown with its text). */
  const take = (): string[] =>
    out.splice(0).map((d) => (d instanceof common.StatusText ? `TEXT:${d.text.trim()}` : d instanceof common.MissionAck ? `ACK:${d.type}:${d.opaqueId}` : name(d)));
  const upload = (items: MissionItem[], type = 0): string[] => {
    gcs(m.missionCount(V, items.length, type));
    for (const it of items) gcs(toMissionItemInt(it, V));
    return take();
  };
  return { clock, server, gcs, take, out, changes, upload };
}

describe('MissionServer (PX4 1.16 behaviour)', () => {
  it('uploads the delivery mission: legacy first request, then INT; ACK with opaque_id 3971944974', () => {
    const h = harness();
    expect(h.upload(DELIVERY_MISSION)).toEqual(['MISSION_REQUEST#0', ...[1, 2, 3, 4, 5, 6].map((s) => `MISSION_REQUEST_INT#${s}`), 'ACK:0:3971944974']);
    expect(h.changes).toEqual(['mission:7:3971944974']);
    expect(h.server.missionCurrent()).toMatchObject({ seq: 0, total: 7, missionId: 3971944974 });
    // Later transfers on this link ask with REQUEST_INT from the start.
    expect(h.upload(RALLY_PLAN, 2)[0]).toBe('MISSION_REQUEST_INT#0');
  });

  it('re-requests every 250 ms and gives up after 5 s of silence: "Operation timeout", no ACK, plan kept', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION);
    h.gcs(m.missionCount(V, 7, 0));
    h.gcs(toMissionItemInt(DELIVERY_MISSION[0]!, V));
    h.take();
    h.clock.advance(5_100);
    const sent = h.take();
    expect(sent.filter((s) => s === 'MISSION_REQUEST_INT#1').length).toBeGreaterThanOrEqual(19);
    expect(sent.at(-1)).toBe('TEXT:Operation timeout');
    expect(sent.some((s) => s.startsWith('ACK'))).toBe(false);
    expect(h.server.transferState).toBe('idle');
    expect(h.server.plan('mission').opaqueId).toBe(3971944974);
  });

  it('ignores an item with the wrong seq and re-requests the right one', () => {
    const h = harness();
    h.gcs(m.missionCount(V, 3, 0));
    h.gcs(toMissionItemInt(DELIVERY_MISSION[0]!, V));
    h.gcs(toMissionItemInt(DELIVERY_MISSION[2]!, V));
    expect(h.take()).toEqual(['MISSION_REQUEST#0', 'MISSION_REQUEST_INT#1']);
    h.clock.advance(260);
    expect(h.take()).toEqual(['MISSION_REQUEST_INT#1']);
  });

  it.each([
    ['command 31000', { command: 31000 }, R.UNSUPPORTED],
    ['command 12345', { command: 12345 }, R.UNSUPPORTED],
    ['frame 1 (LOCAL_NED)', { frame: 1 }, R.UNSUPPORTED_FRAME],
    ['frame 200', { frame: 200 }, R.UNSUPPORTED_FRAME],
  ])('refuses item 1 with %s', (_n, patch, result) => {
    const h = harness();
    const items = DELIVERY_MISSION.map((it) => (it.seq === 1 ? { ...it, ...patch } : it));
    expect(h.upload(items).slice(0, 4)).toEqual(['MISSION_REQUEST#0', 'MISSION_REQUEST_INT#1', 'TEXT:IGN MISSION_ITEM: Invalid item', `ACK:${result}:0`]);
    expect(h.server.transferState).toBe('idle');
  });

  it('COUNT 0 clears (ACCEPTED); COUNT 65535 is NO_SPACE; more rally points than 8 too', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION);
    expect(h.upload([])).toEqual(['ACK:0:0']);
    expect(h.server.plan('mission').items).toEqual([]);
    h.gcs(m.missionCount(V, 65535, 0));
    h.gcs(m.missionCount(V, 9, 2));
    expect(h.take()).toEqual([`ACK:${R.NO_SPACE}:0`, `ACK:${R.NO_SPACE}:0`]);
  });

  it('a second COUNT mid-transfer: ERROR + "WPM: REJ. CMD: Busy", the transfer goes on', () => {
    const h = harness();
    h.gcs(m.missionCount(V, 3, 0));
    h.gcs(toMissionItemInt(DELIVERY_MISSION[0]!, V));
    h.gcs(toMissionItemInt(DELIVERY_MISSION[1]!, V));
    h.take();
    h.gcs(m.missionCount(V, 3, 0));
    expect(h.take()).toEqual(['TEXT:WPM: REJ. CMD: Busy', `ACK:${R.ERROR}:0`]);
    h.gcs(toMissionItemInt(DELIVERY_MISSION[2]!, V));
    expect(h.take()).toEqual([expect.stringMatching(/^ACK:0:\d+/)]);
  });

  it('a repeated COUNT before item 0 means "request lost": item 0 is requested again', () => {
    const h = harness();
    h.gcs(m.missionCount(V, 3, 0));
    h.gcs(m.missionCount(V, 3, 0));
    expect(h.take()).toEqual(['MISSION_REQUEST#0', 'MISSION_REQUEST#0']);
  });

  it('unsolicited while idle: ACK ignored, item → ERROR + "No transfer", request ignored', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION);
    h.gcs(m.missionAck(V, R.ACCEPTED, 0));
    expect(h.take()).toEqual([]);
    h.gcs(toMissionItemInt(DELIVERY_MISSION[4]!, V));
    expect(h.take()).toEqual(['TEXT:IGN MISSION_ITEM: No transfer', `ACK:${R.ERROR}:0`]);
    h.gcs(m.missionRequestInt(V, 0, 0));
    expect(h.take()).toEqual([]);
  });

  it('the last item sent again after the final ACK was lost gets ACCEPTED with the id again', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION);
    h.gcs(toMissionItemInt(DELIVERY_MISSION[6]!, V));
    expect(h.take()).toEqual(['ACK:0:3971944974']);
  });

  it('downloads: COUNT with opaque_id, item 0 marked current, legacy MISSION_ITEM in degrees with frame 3', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION);
    h.gcs(m.missionRequestList(V, 0));
    h.gcs(m.missionRequestInt(V, 0, 0));
    const [count, item0] = h.out.splice(0) as [common.MissionCount, common.MissionItemInt];
    expect([count.count, count.opaqueId, item0.seq, item0.current, item0.frame, item0.x]).toEqual([7, 3971944974, 0, 1, 6, 535508000]);
    h.gcs(m.missionAck(V, R.ACCEPTED, 0));
    h.gcs(m.missionRequestList(V, 0));
    h.gcs(m.missionRequest(V, 0, 0));
    const legacy = h.out.splice(0)[1] as common.MissionItem;
    expect(legacy).toBeInstanceOf(common.MissionItem);
    expect([legacy.frame, legacy.x, legacy.y]).toEqual([3, 53.5508, 9.9925]);
  });

  it('download silence → "Operation timeout"; a request for item 99 → ERROR + "Req. WP was unexpected", then idle', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION);
    h.gcs(m.missionRequestList(V, 0));
    h.gcs(m.missionRequestInt(V, 0, 0));
    h.take();
    h.clock.advance(5_100);
    expect(h.take()).toEqual(['TEXT:Operation timeout']);
    h.gcs(m.missionRequestList(V, 0));
    h.gcs(m.missionRequestInt(V, 99, 0));
    h.gcs(m.missionRequestInt(V, 0, 0));
    expect(h.take()).toEqual(['MISSION_COUNT=7', `ACK:${R.ERROR}:0`, 'TEXT:WPM: REJ. CMD: Req. WP was unexpected']);
  });

  it('a COUNT while a download waits for its final ACK is refused as busy (the lost-ACK window)', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION.slice(0, 1));
    h.gcs(m.missionRequestList(V, 0));
    h.gcs(m.missionRequestInt(V, 0, 0));
    h.take();
    h.gcs(m.missionCount(V, 1, 0));
    expect(h.take()).toEqual(['TEXT:WPM: IGN MISSION_COUNT: Busy', `ACK:${R.ERROR}:0`]);
    h.gcs(m.missionRequestList(V, 0)); // a new list request completes the old download
    expect(h.take()).toEqual(['MISSION_COUNT=1']);
  });

  it('fence: read back with autocontinue 0, current 1 on seq 0; opaque_id 3382803692', () => {
    const h = harness();
    expect(h.upload(FENCE_PLAN, 1).at(-1)).toBe('ACK:0:3382803692');
    const items = h.server.plan('fence').items;
    expect(items.map((it) => it.autocontinue)).toEqual([0, 0, 0, 0, 0]);
    h.gcs(m.missionRequestList(V, 1));
    h.gcs(m.missionRequestInt(V, 0, 1));
    const item0 = h.out.at(-1) as common.MissionItemInt;
    expect([item0.current, item0.autocontinue, item0.param1, item0.frame]).toEqual([1, 0, 4, 5]);
  });

  it('rally: frame 3 reads back as 6, frame 0 as 5 (int mode)', () => {
    const h = harness();
    h.upload(RALLY_PLAN.map((it) => ({ ...it, frame: 3 })), 2);
    expect(h.server.plan('rally').items.map((it) => it.frame)).toEqual([6, 6]);
    expect(h.upload(RALLY_PLAN.map((it) => ({ ...it, frame: 0, z: 40 })), 2).at(-1)).toBe('ACK:0:50961207');
    expect(h.server.plan('rally').items.map((it) => it.frame)).toEqual([5, 5]);
  });

  it('clears all with mission_type 255 and answers with 255', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION);
    h.upload(FENCE_PLAN, 1);
    h.upload(RALLY_PLAN, 2);
    h.gcs(m.missionClearAll(V, 255));
    const ack = h.out.at(-1) as common.MissionAck;
    expect([ack.type, ack.missionType]).toEqual([0, 255]);
    expect(h.server.missionCurrent()).toMatchObject({ total: 65535, missionId: 0, fenceId: 0, rallyPointsId: 0 });
  });

  it('MISSION_SET_CURRENT changes the current item without an ACK; DO_SET_MISSION_CURRENT is UNSUPPORTED', () => {
    const h = harness();
    h.upload(DELIVERY_MISSION);
    h.gcs(m.missionSetCurrent(V, 2));
    expect(h.take()).toEqual([]);
    expect(h.server.missionCurrent().seq).toBe(2);
    h.gcs(m.missionSetCurrent(V, 99));
    expect(h.take()).toEqual(['TEXT:WPM: WP CURR CMD: Not in list']);
    h.gcs(m.commandLong(V, 224, [3]));
    const ack = h.out.at(-1) as common.CommandAck;
    expect([Number(ack.command), Number(ack.result)]).toEqual([224, common.MavResult.UNSUPPORTED]);
  });

  it('ignores messages addressed to another vehicle', () => {
    const h = harness();
    h.gcs(m.missionCount({ system: 2, component: 1 }, 3, 0));
    h.gcs(m.missionRequestList({ system: 1, component: 50 }, 0));
    expect(h.take()).toEqual([]);
  });

  it('seeded loss: 100 % drops everything; a given seed drops the same messages every run', () => {
    const dead = harness({ faults: { mode: 'none', firstTryOnly: false, lossPct: 100, seed: 1 } });
    expect(dead.upload(DELIVERY_MISSION)).toEqual([]);
    const runOnce = (): string[] => {
      const h = harness({ faults: { mode: 'none', firstTryOnly: false, lossPct: 30, seed: 7 } });
      const out = h.upload(DELIVERY_MISSION);
      h.clock.advance(1_000);
      return [...out, ...h.take()];
    };
    const first = runOnce();
    expect(first).toEqual(runOnce());
    expect(first.length).toBeGreaterThan(0);
  });

  it('streams MISSION_CURRENT when asked to', () => {
    const h = harness({ timing: { currentIntervalMs: 1000 } });
    h.clock.advance(3_050);
    expect(h.take()).toEqual(['MISSION_CURRENT', 'MISSION_CURRENT', 'MISSION_CURRENT']);
    h.server.close();
    h.clock.advance(5_000);
    expect(h.take()).toEqual([]);
  });
});
