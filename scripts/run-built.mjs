#!/usr/bin/env node
/**
 * `node scripts/run-built.mjs src/cli/plan.ts [args…]`: run a TypeScript entry point as one
 * precompiled JavaScript bundle instead of compiling every source file at start-up (tsx).
 *
 * The bundle is dist/<same path>.js (paths to the repository's files come from src/io/repo-root.ts,
 * which finds package.json from wherever the code runs); npm packages stay external (node_modules);
 * an entry's worker threads are bundled beside it.
 * It is built by `npm run build` (also the `prepare` script, so `npm ci` leaves it ready) and
 * rebuilt here on demand whenever it is missing or any source file it was built from is newer
 * (esbuild's metafile lists them), so a bundle never runs stale code. Plain JavaScript on purpose:
 * it must start without a TypeScript loader.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** dist/… path of a source entry (src/cli/plan.ts → dist/cli/plan.js; same depth as the source). */
export function bundlePath(entry) {
  const rel = relative(ROOT, resolve(ROOT, entry));
  const [top, ...rest] = rel.split(/[\\/]/);
  if (top === undefined || rest.length === 0 || rel.startsWith('..')) throw new Error(`run-built: ${entry} is not a source file inside the repository`);
  return join(ROOT, 'dist', ...rest).replace(/\.ts$/, '.js');
}

const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return Infinity; // a source that vanished or a bundle that is missing: rebuild
  }
};

/** True when the bundle exists and none of the sources it was built from changed since. */
function fresh(out) {
  let meta;
  try {
    meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
  } catch {
    return false;
  }
  const built = mtime(out);
  if (built === Infinity) return false;
  return Object.keys(meta.inputs ?? {}).every((src) => mtime(join(ROOT, src)) <= built);
}

/**
 * Entry points with the worker threads they start: bundled beside them under their own name (the
 * planning pool starts ./plan-worker.js next to its module, which in a bundle is the bundle).
 */
const WORKERS = { 'src/main.ts': ['src/fleet/plan-worker.ts'] };

/** The entry points `npm run build` prepares. */
export const ENTRIES = ['src/cli/plan.ts', 'src/main.ts'];

/** Bundle `entry` (and its workers) to its dist path (atomically: a parallel run never reads half a file). */
export async function build(entry) {
  const { build: esbuild } = await import('esbuild');
  const out = bundlePath(entry);
  const name = (src) => src.split('/').pop().replace(/\.ts$/, '');
  const key = relative(ROOT, resolve(ROOT, entry)).split(/[\\/]/).join('/');
  const r = await esbuild({
    absWorkingDir: ROOT, entryPoints: [entry, ...(WORKERS[key] ?? [])].map((src) => ({ in: src, out: name(src) })),
    bundle: true, platform: 'node', format: 'esm', target: 'node20',
    packages: 'external', sourcemap: 'linked', metafile: true, write: false, outdir: dirname(out), logLevel: 'warning',
  });
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `.${process.pid}.tmp`;
  for (const f of r.outputFiles) writeFileSync(f.path + tmp, f.contents);
  writeFileSync(`${out}.meta.json${tmp}`, JSON.stringify(r.metafile));
  for (const f of r.outputFiles) renameSync(f.path + tmp, f.path);
  renameSync(`${out}.meta.json${tmp}`, `${out}.meta.json`); // last: the bundle counts as built only now
  return out;
}

const [, self, entry, ...args] = process.argv;
if (self && resolve(self) === resolve(import.meta.filename)) {
  if (entry === '--build') {
    for (const e of ENTRIES) await build(e);
  } else if (!entry) {
    process.stderr.write('usage: node scripts/run-built.mjs <src/…/entry.ts> [args…] | --build\n');
    process.exitCode = 1;
  } else {
    const out = fresh(bundlePath(entry)) ? bundlePath(entry) : await build(entry);
    // the bundle sees itself as the main module (its "run when executed" check compares argv[1])
    process.argv = [process.argv[0], out, ...args];
    await import(pathToFileURL(out).href);
  }
}
