/**
 * The HTTP side of the service: express with security headers, body limits, rate limits, bearer
 * tokens, the route definitions, the OpenAPI document and one error handler. Thin: validation and
 * shaping only; the cores decide.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ApiError, toErrorResponse } from './api-error.js';
import { isErrorCode } from './error-registry.js';
import { principalFor, presentedToken, type TokenSpec } from './auth.js';
import { tileImageSource, type MapConfig } from './map-config.js';
import { PLAN_LIMITS } from './delivery-routes.js';
import { mountRoutes, openApiDocument, type AuditSink, type RouteDef } from './routes.js';
import { repoRoot } from '../io/repo-root.js';
import type { Metrics } from './metrics.js';

export interface AppOptions {
  tokens: readonly TokenSpec[];
  bodyLimitBytes: number;
  /** `max` per principal (after authentication), `anonymousMax` per IP without a valid token; 0 disables either. */
  rateLimit: { windowMs: number; max: number; anonymousMax?: number };
  routes: readonly RouteDef[];
  audit: AuditSink;
  /** Static files (the web map) served at /. */
  staticDir?: string;
  /** The web map's settings from the configuration (served at /map-config.json). */
  map?: MapConfig;
  /** GET /api/metrics (Prometheus text format), for any valid token. */
  metrics?: Metrics;
  onError?: (e: unknown, req: Request) => void;
}

/** Manual commands that stop or bring back a drone, and a delivery abort. */
export const SAFETY_COMMANDS = ['hold', 'rtl', 'land'] as const;

/** An operator's hold / RTL / land / abort: exempt from the rate limit. */
export function isSafetyCommand(req: Request): boolean {
  if (req.principal?.role !== 'operator' || req.method !== 'POST') return false;
  if (/^\/deliveries\/[^/]+\/abort\/?$/.test(req.path)) return true;
  const command = (req.body as { command?: unknown } | undefined)?.command;
  return /^\/vehicles\/[^/]+\/[^/]+\/commands\/?$/.test(req.path) && (SAFETY_COMMANDS as readonly unknown[]).includes(command);
}

/**
 * Errors express and body-parser raise before a route runs → ApiError; anything else unchanged.
 * Client faults they flag with a 4xx `status`: a body too large, not JSON, in an unknown charset, or
 * compressed wrongly (a zlib error has no `type`), and a path parameter that is not valid
 * percent-encoding (router's URIError) — all input, never a 500.
 */
export function frameworkError(e: unknown, bodyLimitBytes: number): unknown {
  const f = e as { type?: unknown; status?: unknown; code?: unknown; message?: unknown };
  if (f.type === 'entity.too.large') return new ApiError('BODY_TOO_LARGE', `request body over ${bodyLimitBytes} bytes`);
  if (f.type === 'entity.parse.failed') return new ApiError('BODY_MALFORMED', 'the request body is not valid JSON');
  if (!(e instanceof Error) || typeof f.status !== 'number' || f.status < 400 || f.status >= 500 || isErrorCode(f.code)) return e;
  if (e instanceof URIError) return new ApiError('VALIDATION_FAILED', 'a path segment is not valid percent-encoding (a "%" must be followed by two hex digits of UTF-8); encode "%" as "%25"', { issues: [{ path: 'params', message: 'malformed percent-encoding' }] });
  const why = typeof f.type === 'string' ? f.type : typeof f.code === 'string' ? `${f.code}: ${String(f.message)}` : String(f.message);
  const fix = f.type === 'charset.unsupported' ? 'send it in UTF-8' : 'send it uncompressed, or validly compressed (gzip, deflate, br)';
  return new ApiError('BODY_MALFORMED', `the request body could not be read (${why}); ${fix}`);
}

export function createApp(o: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const tiles = tileImageSource(o.map?.tileUrl);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])], connectSrc: ["'self'", 'ws:', 'wss:'], styleSrc: ["'self'", "'unsafe-inline'"] } },
    }),
  );
  // Public: the page reads it before anyone logs in; a tile URL and the plan request's bounds are no secret.
  app.get('/map-config.json', (_req, res) => void res.json({ tileUrl: o.map?.tileUrl ?? null, planLimits: PLAN_LIMITS }));
  app.get('/api/health', (_req, res) => void res.json({ ok: true }));
  app.get('/api/openapi.json', (_req, res) => void res.json(openApiDocument(o.routes, { title: 'elbflug API', version: '0.1.0' })));
  // Authenticate first, then limit: a stranger's requests count against the strangers' own budget
  // (per IP) and can never use up an operator's (per token). The route still checks permissions.
  app.use('/api', (req, _res, next) => {
    const p = principalFor(o.tokens, presentedToken(req.headers.authorization));
    if (p) req.principal = p;
    next();
  });
  const { windowMs, max } = o.rateLimit;
  const anonymousMax = o.rateLimit.anonymousMax ?? max;
  const limited = (n: number, who: string) => (_req: Request, _res: Response, next: NextFunction) =>
    next(new ApiError('RATE_LIMITED', `more than ${n} requests in ${windowMs / 1000} s ${who}; slow down`, { limit: n, windowMs }));
  if (anonymousMax > 0) {
    app.use('/api', rateLimit({ windowMs, limit: anonymousMax, standardHeaders: 'draft-7', legacyHeaders: false, skip: (req) => req.principal !== undefined, handler: limited(anonymousMax, 'without a valid token') }));
  }
  app.use('/api', express.json({ limit: o.bodyLimitBytes, strict: true }));
  app.use('/api', express.text({ limit: o.bodyLimitBytes, type: ['text/plain', 'application/vnd.qgc.plan+json'] }));
  if (max > 0) {
    app.use(
      '/api',
      rateLimit({
        windowMs,
        limit: max,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        keyGenerator: (req) => `principal:${req.principal?.name ?? ''}`,
        // Safety commands are never limited for an operator: a busy dashboard must not stand between them and RTL.
        skip: (req) => req.principal === undefined || isSafetyCommand(req),
        handler: limited(max, 'with this token'),
      }),
    );
  }
  if (o.metrics) {
    const m = o.metrics;
    app.get('/api/metrics', (req, res, next) => {
      if (!req.principal) return next(new ApiError('UNAUTHORIZED', 'GET /api/metrics needs a token (any role): Authorization: Bearer <token>'));
      m.text().then((text) => void res.type(m.contentType).send(text), next);
    });
  }
  app.use('/api', mountRoutes(o.routes, o.tokens, o.audit));
  app.use('/api', (req, _res, next) => next(new ApiError('NOT_FOUND', `no endpoint ${req.method} /api${req.path}; see /api/openapi.json`)));
  if (o.staticDir) {
    // The web map's own assets: Leaflet from node_modules and the offline basemap from missions/ (no CDN).
    app.use('/vendor/leaflet', express.static(join(dirname(createRequire(import.meta.url).resolve('leaflet/package.json')), 'dist'), { maxAge: '1h' }));
    app.use('/basemap', express.static(join(repoRoot(), 'missions/basemap'), { maxAge: '1h' }));
    app.use(express.static(o.staticDir, { index: 'index.html', maxAge: '1h' }));
  }
  // Every other 404 is JSON too ({code, message, details}), like the API's.
  app.use((req, _res, next) => next(new ApiError('NOT_FOUND', `nothing at ${req.method} ${req.path}`)));
  // express recognises an error handler by its four parameters.
  app.use((e: unknown, req: Request, res: Response, _next: NextFunction) => {
    const err = frameworkError(e, o.bodyLimitBytes);
    const { status, body } = toErrorResponse(err);
    if (status >= 500) o.onError?.(e, req);
    res.status(status).json(body);
  });
  return app;
}
