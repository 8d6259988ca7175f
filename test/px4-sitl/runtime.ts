/**
 * The real PX4 v1.16 SITL (../shared/px4-sitl, resolved from the repo root) for the real-PX4 tier:
 * find it, make a runnable copy, start and stop instances, read their console log.
 *
 * Why a copy: the shared runtime is read-only and its command links (bin/px4-param, …) are stored
 * as plain files holding "px4" instead of symlinks, so PX4's startup script cannot run `param` and
 * finds no airframe. The copy restores them as symlinks to bin/px4; nothing else changes.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SHARED_RUNTIME = resolve(REPO_ROOT, '../shared/px4-sitl');

/** Why the tier cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (!existsSync(join(SHARED_RUNTIME, 'bin/px4'))) return `the PX4 SITL runtime is missing (expected ${SHARED_RUNTIME}/bin/px4)`;
  if (!existsSync(join(SHARED_RUNTIME, 'run-px4.sh'))) return `the PX4 SITL runtime has no run-px4.sh (${SHARED_RUNTIME})`;
  const bc = ['/usr/bin/bc', '/bin/bc', '/usr/local/bin/bc'].some((p) => existsSync(p));
  if (!bc) return "Debian's `bc` is missing (PX4's startup script needs it for PX4_SIM_SPEED_FACTOR): apt-get install -y bc";
  return undefined;
}

export interface Px4Home {
  lat: number;
  lon: number;
  altAmslM: number;
}

export interface Px4Instance {
  readonly instance: number;
  readonly sysid: number;
  readonly dir: string;
  log(): string;
  stop(): Promise<void>;
}

export class Px4Runtime {
  private constructor(
    readonly root: string,
    readonly runDir: string,
  ) {}

  /** Copy the shared runtime into a temporary folder with its command links restored. */
  static prepare(): Px4Runtime {
    const base = mkdtempSync(join(tmpdir(), 'elbflug-px4-'));
    const root = join(base, 'px4-sitl');
    cpSync(SHARED_RUNTIME, root, { recursive: true });
    chmodWritable(root);
    const bin = join(root, 'bin');
    for (const f of readdirSync(bin)) {
      const p = join(bin, f);
      if (!f.startsWith('px4-') || lstatSync(p).isSymbolicLink() || f.endsWith('.sh')) continue;
      if (readFileSync(p, 'utf8').trim() !== 'px4') continue;
      rmSync(p);
      symlinkSync('px4', p);
    }
    return new Px4Runtime(root, join(base, 'run'));
  }

  /** Start instance N fresh (factory parameters) at `speed`× real time and wait until it is ready for take-off. */
  async start(instance: number, home: Px4Home, speed: number, params: Record<string, number> = {}): Promise<Px4Instance> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PX4_RUN_DIR: this.runDir,
      PX4_HOME_LAT: String(home.lat),
      PX4_HOME_LON: String(home.lon),
      PX4_HOME_ALT: String(home.altAmslM),
      PX4_SIM_SPEED_FACTOR: String(speed),
    };
    for (const [k, v] of Object.entries(params)) env[`PX4_PARAM_${k}`] = String(v);
    const dir = join(this.runDir, `i${instance}`);
    try {
      await run(join(this.root, 'run-px4.sh'), ['--fresh', '--wait', '-i', String(instance)], { env, timeout: 120_000 });
    } catch (e) {
      const log = existsSync(join(dir, 'px4.log')) ? readFileSync(join(dir, 'px4.log'), 'utf8').split('\n').slice(-8).join('\n') : '(no log)';
      throw new Error(`PX4 instance ${instance} did not start: ${(e as Error).message}\n${log}`, { cause: e });
    }
    return {
      instance,
      sysid: instance + 1,
      dir,
      log: () => readFileSync(join(dir, 'px4.log'), 'utf8'),
      stop: async () => void (await run(join(this.root, 'stop-px4.sh'), ['-i', String(instance)], { env: { ...process.env, PX4_RUN_DIR: this.runDir } }).catch(() => undefined)),
    };
  }

  remove(): void {
    rmSync(resolve(this.root, '..'), { recursive: true, force: true });
  }
}

function chmodWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chmodWritable(p);
    else if (!e.isSymbolicLink()) chmodSync(p, lstatSync(p).mode | 0o200);
  }
}

/** PX4 console lines that announce a failsafe (`Failsafe activated…`), with their line text. */
export function failsafeLines(log: string): string[] {
  return log.split('\n').filter((l) => l.includes('Failsafe activated'));
}

/** Make `execFile` usable elsewhere in the tier. */
export { run as execFileAsync };
