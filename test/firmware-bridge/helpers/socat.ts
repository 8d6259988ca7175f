/**
 * A real pseudo-terminal pair made by socat, for serial-link tests:
 *   socat -d -d pty,raw,echo=0,link=<a> pty,raw,echo=0,link=<b>
 * Resolves once socat reports "starting data transfer loop"; `close()` kills that socat process
 * (by its own pid) and waits for it to exit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  a: string;
  b: string;
  close(): Promise<void>;
}

/** True when a `socat` binary can be run (looked up on `PATH`). */
export function socatAvailable(path = process.env.PATH): boolean {
  const r = spawnSync('socat', ['-V'], { stdio: 'ignore', env: { PATH: path ?? '' } });
  return !r.error && r.status === 0;
}

/**
 * What a serial test should do when socat is missing: on CI (`CI=true`) fail with a clear message,
 * elsewhere skip. Returns the skip reason, or undefined when socat is there.
 * @throws Error on CI without socat
 */
export function requireSocat(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (socatAvailable(env.PATH)) return undefined;
  const why = 'socat is not installed (apt-get install -y socat); the serial tests need it to make a pseudo-terminal pair';
  if (env.CI === 'true') throw new Error(`${why}. CI=true, so this is a failure, not a skip: install socat in .ci/run`);
  return why;
}

/** Start socat and wait until both pty links exist and data flows. */
export function socatPair(timeoutMs = 5_000): Promise<PtyPair> {
  const id = randomBytes(4).toString('hex');
  const a = join(tmpdir(), `elbflug-pty-${process.pid}-${id}-a`);
  const b = join(tmpdir(), `elbflug-pty-${process.pid}-${id}-b`);
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`socat did not start within ${timeoutMs} ms: ${log.trim()}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      log += chunk;
      if (log.includes('starting data transfer loop')) {
        clearTimeout(timer);
        resolve({ a, b, close });
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited with ${String(code)} before starting: ${log.trim()}`));
    });
  });
}
