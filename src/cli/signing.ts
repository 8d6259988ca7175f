/**
 * `npm run signing -- setup <link/sysid> [--url http://127.0.0.1:8080]`: provision a vehicle with
 * its configured MAVLink signing key through the running service (POST /api/vehicles/{link}/{sysid}/signing).
 * The engineer's token comes from ELBFLUG_TOKEN (not an argument: arguments show in `ps`). The key
 * never leaves the service: this prints what the service answers (attempts, signed frames), never a key.
 * Exit codes: 0 provisioned and confirmed, 1 refused or failed (the error's code and message), 2 usage.
 */
import { Command, InvalidArgumentError } from 'commander';

const vehicleId = (v: string): { link: string; sysid: number } => {
  const m = /^([A-Za-z0-9_-]{1,64})\/(\d{1,3})$/.exec(v);
  const sysid = m ? Number(m[2]) : NaN;
  if (!m || sysid < 1 || sysid > 255) throw new InvalidArgumentError(`vehicle must be <link>/<sysid> with sysid 1–255, e.g. radio/1; got "${v}"`);
  return { link: m[1]!, sysid };
};

const program = new Command().name('elbflug-signing').description('MAVLink 2 signing: provision vehicles with their configured keys (docs/security.md).').exitOverride();
program
  .command('setup')
  .description('send SETUP_SIGNING with the key configured for the vehicle, switch it to signed, confirm its next frames are signed')
  .argument('<vehicle>', 'the vehicle as <link>/<sysid>, e.g. radio/1', vehicleId)
  .option('--url <url>', 'the service', process.env.ELBFLUG_URL ?? 'http://127.0.0.1:8080')
  .action(async (v: { link: string; sysid: number }, o: { url: string }) => {
    const token = process.env.ELBFLUG_TOKEN;
    if (!token) {
      console.error('elbflug-signing: set ELBFLUG_TOKEN to an engineer token');
      process.exit(2);
    }
    let res: Response;
    try {
      res = await fetch(`${o.url.replace(/\/$/, '')}/api/vehicles/${encodeURIComponent(v.link)}/${v.sysid}/signing`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    } catch (e) {
      console.error(`elbflug-signing: cannot reach ${o.url}: ${(e as Error).message}`);
      process.exit(1);
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      console.error(`elbflug-signing: ${String(body.code ?? res.status)}: ${String(body.message ?? res.statusText)}`);
      process.exit(1);
    }
    console.log(JSON.stringify(body));
    console.log(`${v.link}/${v.sysid} signs its frames now; set "require": true for its link in mavlink.signing (docs/security.md)`);
  });

try {
  await program.parseAsync();
} catch (e) {
  const code = (e as { exitCode?: number }).exitCode;
  process.exit(code === 0 ? 0 : 2);
}
