/**
 * `npm run bench`: runs every test/bench/*.bench.ts (each exports `run(): Promise<BenchTable[]>`)
 * in this process, one after another, and prints markdown tables. Never part of `npm test`.
 * `npm run bench -- decode` runs only files whose name contains "decode".
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printTable, type BenchTable } from './table.js';

const filter = process.argv[2];
const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
console.log(`# elbflug benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
for (const f of files) {
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run?: () => Promise<BenchTable[]> };
  if (typeof mod.run !== 'function') continue; // standalone scripts print their own tables
  for (const t of await mod.run()) printTable(t);
}
