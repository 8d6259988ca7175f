/**
 * Conformance of the simulated vehicle: the recording client's side of mission-roundtrip,
 * fence-rally and upload-faults is played into a fresh MissionServer at the recorded times
 * (FakeClock), and what the server answers must be what PX4 1.16 answered: the same mission
 * messages with the same fields, in the same order, and the same mission STATUSTEXTs. Only the
 * number of 250 ms re-requests may differ slightly (PX4's loop re-requested every ~266 ms).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../firmware-bridge/clock.js';
import { common, type MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import type { Frame } from '../../../firmware-bridge/codec/frame.js';
import type { InboundMessage } from '../../../firmware-bridge/link/link.js';
import { MissionServer } from '../../../sim/protocol/mission-server.js';
import { MISSION_TEXT, missionTraffic, summary } from './tlog-conversations.js';

/** Collapse runs of an identical message into "message ×n". */
function runs(lines: string[]): { line: string; n: number }[] {
  const out: { line: string; n: number }[] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (last?.line === line) last.n++;
    else out.push({ line, n: 1 });
  }
  return out;
}

function play(file: string): { px4: MavLinkData[]; ours: MavLinkData[] } {
  const clock = new FakeClock();
  const handlers = new Set<(m: InboundMessage) => void>();
  const ours: MavLinkData[] = [];
  const server = new MissionServer(
    {
      send: async (m) => void ours.push(m),
      onMessage: (h) => {
        handlers.add(h);
        return () => void handlers.delete(h);
      },
    },
    { clock, timing: { currentIntervalMs: 0 } },
  );
  const px4: MavLinkData[] = [];
  for (const r of missionTraffic(file)) {
    clock.advance(Math.max(0, r.t - clock.now()));
    if (r.from === 'px4') {
      px4.push(r.data);
      continue;
    }
    for (const h of handlers) h({ frame: { sysid: 255, compid: 190 } as Frame, name: 'X', data: r.data, receivedAtMs: clock.now() });
  }
  clock.advance(6_000); // let a last transfer time out as PX4's did
  server.close();
  return { px4, ours };
}

const isText = (d: MavLinkData): boolean => d instanceof common.StatusText;

describe('MissionServer answers the recorded client as PX4 1.16 did', () => {
  it.each(['mission-roundtrip.tlog', 'fence-rally.tlog', 'upload-faults.tlog'])('%s', (file) => {
    const { px4, ours } = play(file);
    const px4Runs = runs(px4.filter((d) => !isText(d)).map(summary));
    const ourRuns = runs(ours.filter((d) => !isText(d)).map(summary));
    expect(ourRuns.map((r) => r.line)).toEqual(px4Runs.map((r) => r.line));
    px4Runs.forEach((r, i) => {
      // Re-request runs (upload-faults (a): 20 × item 3) may differ by the loop jitter.
      if (r.n > 2) expect(Math.abs(ourRuns[i]!.n - r.n)).toBeLessThanOrEqual(2);
      else expect(ourRuns[i]!.n).toBe(r.n);
    });
    const texts = (ds: MavLinkData[]): string[] => ds.filter(isText).map(summary);
    expect(texts(ours)).toEqual(texts(px4).filter((t) => MISSION_TEXT.test(t.slice(5))));
  });
});
