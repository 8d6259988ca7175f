// @ts-check
/**
 * The websocket to /ws: hello → subscribe to everything → telemetry, alert and delivery frames.
 * Reconnects with backoff (1 s doubling to 15 s) after the connection drops.
 */

/**
 * @typedef {{onHello?: (m: {role: string, name: string, rateHz: number}) => void, onTelemetry: (v: Record<string, any>) => void,
 *   onAlert: (a: any) => void, onDelivery?: (d: any) => void, onState: (s: 'connecting' | 'live' | 'down', detail?: string) => void}} Handlers
 */

export class Live {
  /** @param {string} token @param {Handlers} h */
  constructor(token, h) {
    this.token = token;
    this.h = h;
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
    this.h.onState('connecting');
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
          this.h.onState('live');
          this.h.onHello?.(m);
          onHello(m);
          break;
        case 'telemetry':
          this.h.onTelemetry(m.vehicles ?? {});
          break;
        case 'alert':
          this.h.onAlert(m);
          break;
        case 'delivery':
          this.h.onDelivery?.(m);
          break;
        case 'error':
          this.h.onState('live', `${m.code}: ${m.message}`);
          break;
      }
    });
    ws.addEventListener('close', () => {
      if (!helloSeen) onFail('the live connection was refused (token not accepted or service down)');
      if (this.closed) return;
      this.h.onState('down', `reconnecting in ${Math.round(this.backoffMs / 1000)} s`);
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
