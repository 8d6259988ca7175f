/** Child process for the fan-out benchmark: N websocket map clients following every vehicle. */
import WebSocket from 'ws';

const [url, nText] = process.argv.slice(2);
const n = Number(nText);
let frames = 0;
let bytes = 0;
let open = 0;
for (let i = 0; i < n; i++) {
  const ws = new WebSocket(url!);
  ws.on('open', () => {
    open++;
    ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['telemetry'] }));
    if (open === n) process.send?.({ ready: true });
  });
  ws.on('message', (d: Buffer) => {
    frames++;
    bytes += d.length;
  });
  ws.on('error', (e) => process.send?.({ error: String(e) }));
}
process.on('message', (m: { report?: boolean }) => {
  if (m.report) process.send?.({ frames, bytes });
});
