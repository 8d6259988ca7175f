/**
 * `npm run demo:bridge`: firmware-bridge alone, no service: a delivery flown by a simulated PX4
 * (or a real one), with a live status line per second.
 *   npm run demo:bridge -- --speed 20                       faster
 *   npm run demo:bridge -- --connect udpin://0.0.0.0:14550  a real PX4 SITL instead of the embedded simulator
 */
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parseConnectionUrl } from '../../firmware-bridge/transport/url.js';
import { runBridgeDemo } from './bridge-demo.js';

const positive = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number, got "${v}"`);
  return n;
};

const program = new Command()
  .name('elbflug-bridge-demo')
  .description('Drone-delivery ground control for Hamburg (bridge demo)')
  .option('--connect <url>', 'connect to a real vehicle instead of the embedded simulator', (v) => (parseConnectionUrl(v), v))
  .option('--speed <factor>', 'simulator speed (simulated seconds per second)', positive('--speed'), 10)
  .option('--plan <file>', 'QGC .plan to fly', join(import.meta.dirname, '../../missions/plans/rathaus-delivery.plan'))
  .option('--data-dir <dir>', 'where flight logs go', 'data')
  .option('--timeout <s>', 'give up after this many seconds', positive('--timeout'), 600);

program.parse();
const opts = program.opts<{ connect?: string; speed: number; plan: string; dataDir: string; timeout: number }>();

try {
  const result = await runBridgeDemo({ connect: opts.connect, speed: opts.speed, plan: opts.plan, dataDir: opts.dataDir, timeoutS: opts.timeout, log: (l) => console.log(l) });
  process.exitCode = result.landed ? 0 : 1;
} catch (e) {
  console.error(`elbflug: ${(e as Error).message}`);
  process.exitCode = 1;
}
