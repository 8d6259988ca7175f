/**
 * Crash safety with a REAL process: a child (test/store/fixtures/writer.ts) writes in a loop and
 * prints each acknowledged write; we SIGKILL it at different moments, reopen the database and check
 * that every acknowledged record is there, that no write is half-applied, and that
 * `PRAGMA integrity_check` says ok. Also: readers in this process while the child writes (WAL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, PG_MIGRATIONS, PostgresStore, SqliteStore, type Store } from '../../src/store/index.js';
import { PG_URL, dropSchema, freshSchema, pgSkipReason } from './postgres-env.js';

const ROOT = join(import.meta.dirname, '../..');
const WRITER = join(import.meta.dirname, 'fixtures/writer.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'elbflug-crash-'));
  dirs.push(d);
  return d;
}

interface Run {
  readonly lines: string[];
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Starts the writer; `killWhen(lines)` is asked after every chunk of output (and once at spawn
 * with no lines) and SIGKILLs the child when it says so. Resolves with every complete line the
 * child printed before it died.
 */
function runWriter(dataDir: string, killWhen: (lines: readonly string[], child: ChildProcess) => boolean, iterations?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, ...(iterations ? [String(iterations)] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    let killed = false;
    const maybeKill = (): void => {
      if (!killed && killWhen(lines, child)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!; // an unterminated last line was not (fully) acknowledged: ignore it
      lines.push(...parts);
      maybeKill();
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ lines, signal, stderr }));
    maybeKill();
  });
}

/** Reopens the database (an SQLite dataDir, or `pg:<schema>`) and checks every acknowledged line against it. */
async function verify(target: string, lines: readonly string[]): Promise<{ deliveries: number }> {
  let store: Store;
  if (target.startsWith('pg:')) {
    const pg = await PostgresStore.open({ url: PG_URL!, schema: target.slice(3) });
    // The migration is one transaction: after a crash the schema is either absent or complete.
    expect([[], PG_MIGRATIONS.map((m) => m.version)]).toContainEqual(pg.migrationsApplied);
    store = pg;
  } else {
    const sqlite = SqliteStore.open({ dataDir: target });
    expect([[], MIGRATIONS.map((m) => m.version)]).toContainEqual(sqlite.migrationsApplied);
    expect(await sqlite.integrityCheck()).toEqual(['ok']);
    store = sqlite;
  }
  try {
    for (const line of lines) {
      const [kind, a, b] = line.split(' ');
      if (kind === 'D') expect(await store.getDelivery(a!), line).toBeDefined();
      if (kind === 'T') expect((await store.getDelivery(a!))?.state, line).toBe(b);
      if (kind === 'A') expect(await store.getAlert(Number(a)), line).toBeDefined();
      if (kind === 'U') expect((await store.listAudit({ limit: 1 }))[0]!.id, line).toBeGreaterThanOrEqual(Number(a));
      if (kind === 'P') expect((await store.getFlight(a!))!.trackPoints, line).toBeGreaterThanOrEqual(Number(b));
    }
    // Nothing half-applied: each delivery's state is the target of its last stored transition.
    const all = await store.listDeliveries({ limit: 1000 });
    for (const s of all) {
      const d = (await store.getDelivery(s.id))!;
      expect(d.transitions.at(-1)!.to, s.id).toBe(d.state);
      expect(Number.isNaN((d.plan as { missionItems: { params: number[] }[] }).missionItems[0]!.params[3])).toBe(true);
    }
    // Track batches are whole: 10 points per acknowledged batch, never a partial batch.
    for (const f of await store.listFlights()) expect(f.trackPoints % 10).toBe(0);
    return { deliveries: all.length };
  } finally {
    await store.close();
  }
}

const acked = (lines: readonly string[]) => lines.filter((l) => /^[DTAUP] /.test(l)).length;

const KILL_MOMENTS = [
    ['as it opens and migrates a new database', (lines: readonly string[]) => lines.includes('OPENING')],
    ['after the first acknowledged write', (lines: readonly string[]) => acked(lines) >= 1],
    ['after 437 acknowledged writes', (lines: readonly string[]) => acked(lines) >= 437],
] as const;

const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
});
/** A new SQLite dataDir, or a new PostgreSQL schema as `pg:<schema>`. */
function newTarget(kind: 'sqlite' | 'postgres'): string {
  if (kind === 'sqlite') return tempDir();
  const s = freshSchema();
  schemas.push(s);
  return `pg:${s}`;
}

const KINDS: ['sqlite' | 'postgres'][] = [['sqlite'], ...(pgSkipReason === undefined ? [['postgres'] as ['postgres']] : [])];
describe.each(KINDS)('%s: kill -9 loses nothing acknowledged', (kind) => {
  it.each(KILL_MOMENTS)('%s', async (_name, killWhen) => {
    const dir = newTarget(kind);
    const run = await runWriter(dir, killWhen);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    await verify(dir, run.lines);
  });

  it('repeatedly into the same database, at timer-driven moments', async () => {
    const dir = newTarget(kind);
    const all: string[] = [];
    for (const delayMs of [40, 150]) {
      const run = await runWriter(dir, (lines, child) => {
        if (lines.includes('READY') && !(child as ChildProcess & { timer?: boolean }).timer) {
          (child as ChildProcess & { timer?: boolean }).timer = true;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
        return false;
      });
      expect(run.signal, run.stderr).toBe('SIGKILL');
      all.push(...run.lines);
      await verify(dir, all); // earlier runs' records survive later crashes too
    }
    expect(acked(all)).toBeGreaterThan(0);
  });
});

describe('WAL: readers while another process writes', () => {
  it('reads never block or fail, see a growing committed prefix, and this process can write too', async () => {
    const dir = tempDir();
    SqliteStore.open({ dataDir: dir }).close(); // create the schema so a read-only reader can open
    const reader = SqliteStore.open({ dataDir: dir, readonly: true });
    const writer = SqliteStore.open({ dataDir: dir });
    let last = 0;
    let reads = 0;
    let ownWrites = 0;
    const child = runWriter(dir, () => false, 150);
    const poll = setInterval(() => {
      void (async () => {
        const n = (await reader.listDeliveries({ limit: 1000 })).length;
        expect(n).toBeGreaterThanOrEqual(last);
        last = n;
        reads++;
        await writer.appendAudit({ actor: { name: 'test', role: 'operator' }, action: 'test.concurrent', result: 'ok' });
        ownWrites++;
      })();
    }, 5);
    const run = await child;
    clearInterval(poll);
    expect(run.lines.at(-1), run.stderr).toBe('DONE');
    expect(reads).toBeGreaterThan(5);
    expect((await reader.listDeliveries({ limit: 1000 })).length).toBe(150);
    expect((await reader.listAudit({ action: 'test.concurrent', limit: 1000 })).length).toBe(ownWrites);
    await reader.close();
    await writer.close();
    await verify(dir, run.lines);
  });
});
