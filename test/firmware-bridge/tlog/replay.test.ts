/**
 * Replays the traffic recorded from a real PX4 1.16 SITL (../shared/px4): every packet must frame,
 * pass its CRC and decode; and in boot-idle (whose jsonl is complete) every decoded field must
 * equal the decode made from PX4's own dialect at recording time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../../firmware-bridge/codec/dialect.js';
import { decodeFrame } from '../../../firmware-bridge/codec/decode.js';
import { parseTlog, readTlog, type TlogReadSummary } from '../../../firmware-bridge/tlog/reader.js';

const PX4 = join(import.meta.dirname, '../../../../shared/px4');
const tlogs = readdirSync(PX4).filter((f) => f.endsWith('.tlog')).sort();

type Json = number | string | Json[] | null;

/** Does a decoded value equal the recorded JSON value (float32-exact, NaN-aware, bigint-aware)? */
function same(decoded: unknown, recorded: Json, type: string): boolean {
  if (Array.isArray(recorded)) {
    if (typeof decoded === 'string') return decoded.replace(/\0+$/, '') === recorded.map((c) => String.fromCharCode(Number(c))).join('').replace(/\0+$/, '');
    const base = type.replace('[]', '');
    return Array.isArray(decoded) && recorded.every((r, i) => same(decoded[i], r, base));
  }
  if (typeof decoded === 'bigint') return decoded === BigInt(recorded as number | string);
  if (typeof recorded === 'string' && typeof decoded === 'number') {
    if (recorded.startsWith('NaN')) return Number.isNaN(decoded);
    if (recorded === 'Infinity') return decoded === Infinity;
    if (recorded === '-Infinity') return decoded === -Infinity;
  }
  if (typeof recorded === 'string') return String(decoded).replace(/\0+$/, '') === recorded;
  if (type.startsWith('float')) return Math.fround(recorded as number) === decoded;
  return decoded === recorded;
}

describe('replay of PX4 SITL tlogs', () => {
  it.each(tlogs)('%s: every packet frames, passes its CRC and decodes', async (name) => {
    const summary: TlogReadSummary = { records: 0, badRecords: 0 };
    let packets = 0;
    const undecoded = new Set<number>();
    const dirs = { rx: 0, tx: 0 };
    for await (const { frame, timestampUs } of readTlog(join(PX4, name), summary)) {
      packets++;
      expect(timestampUs).toBeGreaterThan(1_600_000_000_000_000n);
      if (!decodeFrame(frame)) undecoded.add(frame.msgid);
      if (frame.sysid === 255) dirs.tx++;
      else dirs.rx++;
    }
    expect(summary.badRecords).toBe(0);
    expect(packets).toBe(summary.records);
    expect([...undecoded]).toEqual([]);
    expect(dirs.rx).toBeGreaterThan(1000);
    expect(dirs.tx).toBeGreaterThan(5);
  });

  it('boot-idle: every field of every packet equals the recorded decode', () => {
    const records = [...parseTlog(readFileSync(join(PX4, 'boot-idle.tlog')))];
    const lines = readFileSync(join(PX4, 'boot-idle.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sys: number; seq: number; msg: string; fields: Record<string, Json> });
    expect(records.length).toBe(lines.length);
    let fieldsCompared = 0;
    const mismatches: string[] = [];
    records.forEach(({ frame }, k) => {
      const line = lines[k]!;
      const clazz = REGISTRY[frame.msgid]!;
      expect([frame.sysid, frame.seq, clazz.MSG_NAME]).toEqual([line.sys, line.seq, line.msg]);
      const data = decodeFrame(frame) as unknown as Record<string, unknown>;
      for (const f of clazz.FIELDS) {
        if (!(f.source in line.fields)) continue; // a field newer than PX4's dialect
        fieldsCompared++;
        if (!same(data[f.name], line.fields[f.source]!, f.type)) mismatches.push(`#${k} ${line.msg}.${f.source}: ${String(data[f.name])} vs ${JSON.stringify(line.fields[f.source])}`);
      }
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(fieldsCompared).toBeGreaterThan(100_000);
  });
});
