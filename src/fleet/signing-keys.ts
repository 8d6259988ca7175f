/**
 * MAVLink 2 signing keys from key files (configuration `mavlink.signing`), and the outgoing
 * timestamp floor that keeps our signatures' timestamps from ever going backwards across restarts.
 *
 * A key is read once at start and lives only inside the link's Signer/SignatureVerifier: never
 * logged, never in an API answer, never in an error message (messages name the file, not its bytes).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';
import type { SigningOptions } from '../../firmware-bridge/link/link.js';

export interface SigningSpec {
  link: string;
  /** The link's key (vehicles without their own). */
  keyFile?: string | undefined;
  require: boolean;
  /** One key per vehicle on a shared link. */
  vehicles?: readonly { sysid: number; keyFile: string }[] | undefined;
}

function invalid(where: string, message: string): ConfigError {
  return new ConfigError('CONFIG_INVALID', `${where}: ${message}`, [{ source: 'file', where, message }]);
}

/**
 * Read a 32-byte key: the raw bytes, or 64 hex characters (a trailing newline allowed).
 * Refused when group or others may read the file (mode & 0o077), like ssh does for private keys.
 */
export function readKeyFile(path: string, where: string): Buffer {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (e) {
    throw invalid(where, `cannot read key file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if ((mode & 0o077) !== 0) throw invalid(where, `key file ${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  const raw = readFileSync(path);
  if (raw.length === 32) return Buffer.from(raw);
  const text = raw.toString('latin1').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  throw invalid(where, `key file ${path} must hold 32 raw bytes or 64 hex characters (it holds ${raw.length} bytes)`);
}

/** Link name → signing options (link key and/or one key per vehicle), each link named once and configured. */
export function loadSigningKeys(specs: readonly SigningSpec[], linkNames: readonly string[], timestamps?: (link: string) => number | undefined): Map<string, SigningOptions> {
  const out = new Map<string, SigningOptions>();
  specs.forEach((s, i) => {
    const where = `mavlink.signing[${i}]`;
    if (out.has(s.link)) throw invalid(`${where}.link`, `link "${s.link}" has signing configured twice`);
    if (!linkNames.includes(s.link) && s.link !== 'sim') throw invalid(`${where}.link`, `no link named "${s.link}" (links: ${[...linkNames, 'sim'].join(', ')})`);
    const floor = timestamps?.(s.link);
    const vehicleKeys = new Map<number, Buffer>();
    (s.vehicles ?? []).forEach((v, j) => {
      if (vehicleKeys.has(v.sysid)) throw invalid(`${where}.vehicles[${j}].sysid`, `sysid ${v.sysid} has two keys on link "${s.link}"`);
      vehicleKeys.set(v.sysid, readKeyFile(v.keyFile, `${where}.vehicles[${j}].keyFile`));
    });
    if (s.keyFile === undefined && vehicleKeys.size === 0) throw invalid(where, `link "${s.link}" has no key: give keyFile or vehicles`);
    out.set(s.link, {
      ...(s.keyFile !== undefined ? { key: readKeyFile(s.keyFile, `${where}.keyFile`) } : {}),
      ...(vehicleKeys.size ? { vehicleKeys } : {}),
      unsigned: s.require ? 'reject' : 'accept',
      ...(floor !== undefined ? { timestampFloor: floor } : {}),
    });
  });
  return out;
}

/**
 * Our signing timestamps per link, persisted so a restart (even after kill -9, or with the clock
 * set back) continues above every timestamp already sent: the file holds a value `RESERVE` ahead of
 * the last one used and is rewritten before that reserve runs out.
 */
export const TIMESTAMP_RESERVE_10US = 60 * 100_000;

export class SigningTimestamps {
  private readonly values: Record<string, number>;
  constructor(private readonly file: string) {
    let v: Record<string, number> = {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object') v = Object.fromEntries(Object.entries(parsed).filter(([, x]) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) as Record<string, number>;
    } catch {
      // no file yet (first start): timestamps begin at the clock
    }
    this.values = v;
  }

  /** The floor a link's signer starts above. */
  floor(link: string): number | undefined {
    return this.values[link];
  }

  /** Record that `link` has signed up to `last`; persists when the reserve is getting used up. */
  advance(link: string, last: number): void {
    const stored = this.values[link];
    if (stored !== undefined && last + TIMESTAMP_RESERVE_10US / 2 < stored) return;
    this.values[link] = last + TIMESTAMP_RESERVE_10US;
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(this.values));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}

/** Write `data` to `file` atomically (fsync + rename), readable by the owner only. */
function writeAtomic(file: string, data: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * The receive side's replay windows per link (stream → last timestamp accepted), saved while the
 * service runs and at its close, so frames captured before a restart cannot be replayed after it
 * as a "new stream" (only what arrived after the last save, `SIGNING_REPLAY_SAVE_MS` at most, can).
 */
export const SIGNING_REPLAY_SAVE_MS = 5_000;

export class SigningReplayWindows {
  private readonly saved: Record<string, Record<string, number>>;
  constructor(private readonly file: string) {
    let v: Record<string, Record<string, number>> = {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object') v = parsed as Record<string, Record<string, number>>;
    } catch {
      // no file yet, or a torn one: the 1-minute new-stream rule still bounds replays
    }
    this.saved = v;
  }

  /** The state saved for `link` (hostile or damaged entries are dropped). */
  load(link: string): Map<number, number> {
    const entries = this.saved[link];
    const out = new Map<number, number>();
    if (!entries || typeof entries !== 'object') return out;
    for (const [k, ts] of Object.entries(entries)) {
      const stream = Number(k);
      if (Number.isSafeInteger(stream) && stream >= 0 && stream < 2 ** 24 && typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= 0) out.set(stream, ts);
    }
    return out;
  }

  save(states: ReadonlyMap<string, ReadonlyMap<number, number>>): void {
    for (const [link, m] of states) this.saved[link] = Object.fromEntries([...m].map(([k, v]) => [String(k), v]));
    writeAtomic(this.file, JSON.stringify(this.saved));
  }
}
