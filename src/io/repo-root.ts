/**
 * The repository's root directory (the one holding package.json), found upwards from this
 * module: the same answer when the sources run (src/io) and when a bundle of them runs
 * (dist/…, scripts/run-built.mjs), whose modules all share the bundle's location.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** @example join(repoRoot(), 'missions/basemap') */
export function repoRoot(): string {
  if (root) return root;
  let d = import.meta.dirname;
  while (!existsSync(join(d, 'package.json'))) {
    const up = dirname(d);
    if (up === d) throw new Error(`no package.json above ${import.meta.dirname}`);
    d = up;
  }
  return (root = d);
}
