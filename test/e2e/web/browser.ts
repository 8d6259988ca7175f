/** Debian's chromium driven by playwright-core; tests fail without it in CI and skip elsewhere. */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.ELBFLUG_CHROMIUM ?? '/usr/bin/chromium';
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** In CI a missing browser is a failure, not a skip. */
export const MUST_RUN = process.env.CI === 'true';
