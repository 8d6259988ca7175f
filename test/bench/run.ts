/**
 * `npm run bench`: runs every test/bench/*.bench.ts (each exports `run(): Promise<BenchTable[]>`)
 * in this process, one after another, and prints markdown tables. Never part of `npm test`.
 * `npm run bench -- decode` runs only files whose name contains "decode" (or only decode.bench.ts if it exists).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printTable, type BenchTable } from './table.js';

/** Old names of renamed benches. */
const ALIASES: Record<string, string> = { 'plan-whole': 'plan' };
const arg = process.argv[2];
const filter = arg !== undefined ? (ALIASES[arg] ?? arg) : undefined;
const dir = import.meta.dirname;
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
// a bench named exactly so runs alone ("plan" is not also "planner")
const exact = all.filter((f) => f === `${filter}.bench.ts`);
const files = exact.length ? exact : all.filter((f) => !filter || f.includes(filter));
console.log(`# elbflug benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
for (const f of files) {
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run?: () => Promise<BenchTable[]> };
  if (typeof mod.run !== 'function') continue; // standalone scripts print their own tables
  for (const t of await mod.run()) printTable(t);
}
