// @ts-check
/**
 * The websocket to /ws: hello → subscribe to everything → telemetry, alert and delivery frames.
 * Reconnects with backoff (1 s doubling to 15 s) after the connection drops. Every frame goes to
 * the page's event hub (telemetry, alert, delivery, connection).
 */

export class Live {
  /** @param {string} token @param {import('./events.js').EventHub} events */
  constructor(token, events) {
    this.token = token;
    this.events = events;
    this.backoffMs = 1000;
    this.closed = false;
    /** @type {WebSocket | undefined} */
    this.ws = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.retry = undefined;
  }

  /** Opens the socket; resolves with the hello (role) or rejects if the first connection fails. */
  start() {
    return new Promise((resolve, reject) => {
      let first = true;
      this.open((hello) => {
        if (first) resolve(hello);
        first = false;
      }, (why) => {
        if (first) reject(new Error(why));
        first = false;
      });
    });
  }

  /** @param {(hello: any) => void} onHello @param {(why: string) => void} onFail */
  open(onHello, onFail) {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/ws?token=${encodeURIComponent(this.token)}`);
    this.ws = ws;
    this.events.emit('connection', { state: 'connecting' });
    let helloSeen = false;
    ws.addEventListener('message', (ev) => {
      let m;
      try {
        m = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      switch (m.type) {
        case 'hello':
          helloSeen = true;
          this.backoffMs = 1000;
          ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['telemetry', 'alerts', 'deliveries'] }));
          this.events.emit('connection', { state: 'live' });
          onHello(m);
          break;
        case 'telemetry':
          this.events.emit('telemetry', m.vehicles ?? {});
          break;
        case 'alert':
          this.events.emit('alert', { alert: m, source: 'service' });
          break;
        case 'delivery':
          this.events.emit('delivery', m);
          break;
        case 'error':
          this.events.emit('connection', { state: 'live', detail: `${m.code}: ${m.message}` });
          break;
      }
    });
    ws.addEventListener('close', () => {
      if (!helloSeen) onFail('the live connection was refused (token not accepted or service down)');
      if (this.closed) return;
      this.events.emit('connection', { state: 'down', detail: `reconnecting in ${Math.round(this.backoffMs / 1000)} s` });
      this.retry = setTimeout(() => this.open(onHello, onFail), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, 15_000);
    });
  }

  close() {
    this.closed = true;
    clearTimeout(this.retry);
    this.ws?.close();
  }
}
