/**
 * A throwaway PostgreSQL for the cluster tests: its own data directory and port, so a test can
 * stop and start it mid-flight without touching the shared PostgreSQL other tests (and other
 * people) use. Debian's binaries (/usr/lib/postgresql/<version>/bin), run as user `postgres` when
 * we are root (initdb refuses root). With CI=true a failure to start it is a test failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_LIB = '/usr/lib/postgresql';

function binDir(): string | undefined {
  if (!existsSync(PG_LIB)) return undefined;
  const v = readdirSync(PG_LIB).filter((d) => existsSync(join(PG_LIB, d, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))[0];
  return v ? join(PG_LIB, v, 'bin') : undefined;
}

const isRoot = process.getuid?.() === 0;
const pgUid = (): { uid: number; gid: number } | undefined => {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return r.status === 0 && g.status === 0 ? { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) } : undefined;
};

/** Why no throwaway PostgreSQL can be started here (undefined: it can). Throws on CI. */
export const ownPostgresSkipReason: string | undefined = (() => {
  const why = !binDir() ? `no PostgreSQL binaries under ${PG_LIB}/<version>/bin (apt-get install postgresql)` : isRoot && !pgUid() ? 'running as root and there is no user postgres to run PostgreSQL as' : undefined;
  if (why && process.env.CI === 'true') throw new Error(`${why}. CI=true, so this is a failure, not a skip`);
  return why;
})();

export class OwnPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  /** postgres superuser, trust authentication on 127.0.0.1 only. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(tool: string, args: string[]): void {
    const cmd = join(this.bin, tool);
    const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    try {
      execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    } catch (e) {
      const err = e as { stderr?: Buffer; stdout?: Buffer; message: string };
      throw new Error(`${tool} ${args.join(' ')} failed: ${err.message}\n${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`, { cause: e });
    }
  }

  static create(port: number): OwnPostgres {
    const bin = binDir();
    if (!bin) throw new Error(ownPostgresSkipReason ?? 'no PostgreSQL binaries');
    const dir = mkdtempSync(join(tmpdir(), 'elbflug-pg-'));
    chmodSync(dir, 0o755);
    const owner = isRoot ? pgUid() : undefined;
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const pg = new OwnPostgres(dir, port, bin);
    // --no-sync: the initial files need no fsync (the server itself runs with fsync on).
    pg.run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    pg.start();
    return pg;
  }

  start(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-o', `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c max_connections=200`, '-l', join(this.dir, 'server.log'), '-w', '-t', '120', 'start']);
  }

  /** Fast shutdown: sessions are ended, committed work is on disk. */
  stop(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '120', 'stop']);
  }

  /** Stops the server if it runs and removes its directory. */
  destroy(): void {
    try {
      this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
