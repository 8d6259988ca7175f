/** docs/sim.md's fault table and FaultSchema name the same faults with the same fields, in the same order. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultSchema } from '../../sim/embedded.js';

const doc = readFileSync(join(import.meta.dirname, '../../docs/sim.md'), 'utf8');
const section = doc.slice(doc.indexOf('\n## Faults\n'), doc.indexOf('\n## ', doc.indexOf('\n## Faults\n') + 1));
/** Rows of the table: `| \`name\` | \`field\`, \`other?\` (default) | effect |`. */
const rows = [...section.matchAll(/^\| `([a-zA-Z]+)` \| ([^|]*) \| ([^|]*) \|$/gm)].map((m) => ({
  name: m[1]!,
  fields: [...m[2]!.matchAll(/`([a-zA-Z]+)\??`/g)].map((f) => f[1]!).sort(),
  effect: m[3]!.trim(),
}));
const declared = FaultSchema.options.map((o) => ({ name: o.shape.fault.value, fields: Object.keys(o.shape).filter((k) => k !== 'fault').sort() }));

describe('fault catalogue (docs/sim.md "Faults")', () => {
  it('lists every fault of FaultSchema, in its order, and no other', () => {
    expect(rows.map((r) => r.name)).toEqual(declared.map((d) => d.name));
  });
  it('names each fault\'s fields as the schema does', () => {
    expect(rows.map((r) => ({ name: r.name, fields: r.fields }))).toEqual(declared);
  });
  it('says what each fault does', () => {
    expect(rows.filter((r) => r.effect.length < 10).map((r) => r.name)).toEqual([]);
  });
});
