/** Conformance with the recorded PX4 traces (../shared/px4/*.jsonl): message set and first appearance at boot. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { minimal } from '../../firmware-bridge/codec/dialect.js';
import { harness } from './helpers.js';

const TRACES = join(import.meta.dirname, '../../../shared/px4');
// In CI the traces must be there: a missing ../shared fails these tests instead of skipping them.
const have = existsSync(join(TRACES, 'boot-idle.jsonl')) || process.env.CI === 'true';

/** Message names PX4 sent in a trace, with the first time each appeared. */
function firstSeen(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(join(TRACES, file), 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { t: number; dir: string; msg: string };
    if (r.dir === 'rx' && !out.has(r.msg)) out.set(r.msg, r.t);
  }
  return out;
}

/** Not modelled, by design (docs/sim.md): PX4's structured EVENTs. */
const NOT_MODELLED = ['EVENT'];

describe.skipIf(!have)('conformance with boot-idle (PX4 1.16 SITL)', () => {
  it('same message names streamed during a 32 s idle boot, each first seen within ±0.5 s of PX4', async () => {
    const px4 = firstSeen('boot-idle.jsonl');
    const h = await harness({ highRateHz: 48.85 });
    try {
      await h.run(32.3);
      const sim = new Map<string, number>();
      for (const r of h.rx) if (!sim.has(r.name)) sim.set(r.name, r.t);
      const missing = [...px4.keys()].filter((n) => !sim.has(n)).sort();
      const extra = [...sim.keys()].filter((n) => !px4.has(n)).sort();
      expect(missing).toEqual(NOT_MODELLED);
      expect(extra).toEqual([]);
      for (const [name, t] of px4) {
        if (NOT_MODELLED.includes(name)) continue;
        // The sim's trace starts at launch; the recorded one at the first packet (t = 1.001 in boot-idle).
        expect(Math.abs(sim.get(name)! - t), `${name}: PX4 first at ${t}, sim at ${sim.get(name)}`).toBeLessThanOrEqual(0.5);
      }
    } finally {
      await h.close();
    }
  });
});

interface TraceRow {
  t: number;
  dir: 'rx' | 'tx';
  msg: string;
  fields: Record<string, number | string>;
}

function rows(file: string): TraceRow[] {
  return readFileSync(join(TRACES, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceRow);
}

const num = (v: number | string | undefined): number => (v === 'NaN' ? NaN : Number(v ?? 0));

describe.skipIf(!have)('conformance with commands (replaying the client side of the trace)', () => {
  it('every recorded command gets the same COMMAND_ACK result (or the same silence) at the same time', async () => {
    const trace = rows('commands.jsonl');
    const sent = trace.filter((r) => r.dir === 'tx' && (r.msg === 'COMMAND_LONG' || r.msg === 'COMMAND_INT'));
    const acks = trace.filter((r) => r.dir === 'rx' && r.msg === 'COMMAND_ACK');
    const h = await harness();
    try {
      const got: string[] = [];
      const want: string[] = [];
      for (const [i, c] of sent.entries()) {
        await h.run(c.t - h.fleet.nowS());
        const f = c.fields;
        const command = num(f.command);
        const nextT = sent[i + 1]?.t ?? c.t + 3;
        const ack = acks.find((a) => a.t >= c.t && a.t < nextT && num(a.fields.command) === command);
        want.push(`${c.t} ${command} → ${ack ? num(ack.fields.result) : 'no ACK'}`);
        let result: number | undefined;
        if (c.msg === 'COMMAND_LONG') {
          result = await h.command(command, [1, 2, 3, 4, 5, 6, 7].map((k) => num(f[`param${k}`])), { compid: num(f.target_component), maxS: Math.max(0.02, Math.min(1, nextT - c.t - 0.05)) });
        } else {
          result = await h.commandInt(command, num(f.frame), [1, 2, 3, 4].map((k) => num(f[`param${k}`])), num(f.x), num(f.y), num(f.z));
        }
        got.push(`${c.t} ${command} → ${result ?? 'no ACK'}`);
      }
      expect(got).toEqual(want);
      // The same sequence of HEARTBEAT modes (custom_mode / base_mode), consecutive repeats collapsed.
      await h.run(190.5 - h.fleet.nowS());
      const collapse = (xs: string[]): string[] => xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
      const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
      const px4Modes = collapse(trace.filter((r) => r.dir === 'rx' && r.msg === 'HEARTBEAT').map((r) => `${hex(num(r.fields.custom_mode))}/${hex(num(r.fields.base_mode))}`));
      const simModes = collapse(h.of<minimal.Heartbeat>('HEARTBEAT').map((r) => `${hex(r.data.customMode)}/${hex(Number(r.data.baseMode))}`));
      expect(simModes).toEqual(px4Modes);
    } finally {
      await h.close();
    }
  }, 60_000);
});
