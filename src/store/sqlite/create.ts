import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

/**
 * A new database is made complete under a temporary name and then renamed into place: a process
 * killed while creating it leaves no 0-byte or half-migrated `elbflug.db` (which the next start
 * would refuse as truncated), only a `.creating` file that the next creation removes.
 * @returns the migrations applied
 */
export function createAtomically(path: string, busyTimeoutMs: number, now: () => string): number[] {
  const tmp = `${path}.creating`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
  const db = new Database(tmp, { timeout: busyTimeoutMs });
  let applied: number[];
  try {
    db.pragma('journal_mode = WAL'); // kept in the file's header
    db.pragma('synchronous = FULL');
    applied = migrate(db, path, now);
  } finally {
    db.close(); // checkpoints the WAL into the file and removes it
  }
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  fsyncSync(dir); // the rename itself survives a power cut
  closeSync(dir);
  return applied;
}
