/**
 * Upgrade requests an outside tester sends (session 7, redteam): an absolute-form target the URL
 * parser refuses killed the process (TypeError: Invalid URL, thrown in the 'upgrade' listener,
 * uncaught); an upgrade to any other path than /ws was never answered and held its socket open.
 */
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, TOKENS, type Rig } from '../server/helpers.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig(1, 10);
});
afterAll(async () => {
  await rig?.close();
});

/** The raw answer to an upgrade request for `target`, read until the server closes the socket. */
function upgrade(target: string): Promise<string> {
  const port = Number(new URL(rig.base).port);
  return new Promise((resolve) => {
    const s = createConnection(port, '127.0.0.1', () =>
      s.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${TOKENS[1]!.token}\r\n\r\n`));
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('close', () => resolve(out));
  });
}

describe('websocket upgrade targets', () => {
  it.each(['http://[/ws', 'http://x:99999/ws'])('%s: 400 and the server stays up', async (target) => {
    expect(await upgrade(target)).toMatch(/^HTTP\/1.1 400 Bad Request[\s\S]*"code":"VALIDATION_FAILED"/);
    expect((await fetch(`${rig.base}/api/vehicles`, { headers: { authorization: `Bearer ${TOKENS[1]!.token}` } })).status).toBe(200);
  });

  it.each(['/other', '//ws', '*'])('%s: 404 and the socket is closed (it stayed open for ever)', async (target) => {
    expect(await upgrade(target)).toMatch(/^HTTP\/1.1 404 Not Found[\s\S]*"code":"NOT_FOUND"/);
  });
});
