/**
 * Route definitions: one object per endpoint with its zod schemas, permission and handler. The
 * same list mounts the express routes (validate → authorise → call the core → shape output) and
 * generates the OpenAPI document, so the document cannot drift from what the server accepts.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z, type ZodType } from 'zod';
import { ApiError } from './api-error.js';
import { requirePermission, type Permission, type Principal, type TokenSpec } from './auth.js';
import { RESPONSE_SCHEMAS, responseKey } from './response-schemas.js';

export interface HandlerContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  principal: Principal;
  req: Request;
  res: Response;
}

export interface RouteDef<B = unknown, Q = unknown, P = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express path under /api, e.g. "/vehicles/:id". */
  path: string;
  permission: Permission;
  summary: string;
  tag: string;
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** Content type when the handler answers with text (e.g. a .plan file); JSON otherwise. */
  produces?: string;
  /** Audited actions (everything that plans or moves a drone) name themselves here. */
  audit?: string;
  handler(ctx: HandlerContext<B, Q, P>): unknown;
}

export interface AuditEntry {
  who: string;
  role: string;
  action: string;
  params: unknown;
  ok: boolean;
  error?: string;
  errorCode?: string;
  atMs: number;
}

export type AuditSink = (entry: AuditEntry) => void;

/** A handler returns this when it wrote the response itself (a streamed file). */
export const RESPONDED = Symbol('responded');

/** Helper that keeps a RouteDef's generic types tied to its schemas. */
export function route<B = undefined, Q = undefined, P = undefined>(def: RouteDef<B, Q, P>): RouteDef {
  return def as unknown as RouteDef;
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  throw new ApiError('VALIDATION_FAILED', `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

/** A query parameter given twice (`?limit=1&limit=2`) arrives as an array: say so instead of "expected number, received NaN". */
function singleQuery(query: unknown): unknown {
  const repeated = Object.entries((query ?? {}) as Record<string, unknown>).filter(([, v]) => Array.isArray(v));
  if (repeated.length === 0) return query;
  const issues = repeated.map(([k, v]) => ({ path: `query.${k}`, message: `given ${(v as unknown[]).length} times; give it once` }));
  throw new ApiError('VALIDATION_FAILED', `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

/** Mount the definitions on a router. */
export function mountRoutes(defs: readonly RouteDef[], tokens: readonly TokenSpec[], audit: AuditSink): Router {
  const router = Router();
  for (const def of defs) {
    router[def.method](def.path, requirePermission(tokens, def.permission), async (req: Request, res: Response, next: NextFunction) => {
      let body: unknown;
      try {
        body = parse(def.body, req.body, 'body');
        const query = parse(def.query, singleQuery(req.query), 'query');
        const params = parse(def.params, req.params, 'params');
        const result = await def.handler({ body, query, params, principal: req.principal!, req, res });
        if (def.audit) audit({ who: req.principal!.name, role: req.principal!.role, action: def.audit, params: { ...req.params, ...(body as object) }, ok: true, atMs: Date.now() });
        if (res.headersSent || result === RESPONDED) return;
        res.status(def.status ?? 200);
        if (def.produces && typeof result === 'string') res.type(def.produces).send(result);
        else res.json(result);
      } catch (e) {
        if (def.audit && req.principal) audit({ who: req.principal.name, role: req.principal.role, action: def.audit, params: { ...req.params, ...(body as object) }, ok: false, error: (e as Error).message, errorCode: typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'ERROR', atMs: Date.now() });
        next(e);
      }
    });
  }
  return router;
}

const ERROR_SCHEMA = { type: 'object', required: ['code', 'message', 'details'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } } };

function jsonSchema(schema: ZodType): unknown {
  const s = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

function successSchema(d: RouteDef, responses: Readonly<Record<string, ZodType>>): Record<string, unknown> {
  const schema = responses[responseKey(d.method, d.path)];
  if (!schema) return {};
  const js = jsonSchema(schema) as Record<string, unknown>;
  return { schema: d.produces === 'application/octet-stream' ? { ...js, format: 'binary' } : js };
}

/**
 * OpenAPI 3.1 document for the definitions; success responses carry the schema of
 * ./response-schemas.ts (`responses` overrides it, for tests).
 */
export function openApiDocument(defs: readonly RouteDef[], info: { title: string; version: string }, responses: Readonly<Record<string, ZodType>> = RESPONSE_SCHEMAS): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of defs) {
    const path = `/api${d.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', d.params], ['query', d.query]] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
    }
    paths[path] ??= {};
    paths[path][d.method] = {
      summary: d.summary,
      tags: [d.tag],
      security: [{ bearer: [] }],
      'x-permission': d.permission,
      ...(parameters.length ? { parameters } : {}),
      ...(d.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(d.body) } } } } : {}),
      responses: {
        [String(d.status ?? 200)]: { description: 'success', content: { [d.produces ?? 'application/json']: successSchema(d, responses) } },
        '400': { description: 'invalid input', content: { 'application/json': { schema: ERROR_SCHEMA } } },
        '401': { description: 'no or unknown token', content: { 'application/json': { schema: ERROR_SCHEMA } } },
        '403': { description: 'role not allowed', content: { 'application/json': { schema: ERROR_SCHEMA } } },
      },
    };
  }
  return { openapi: '3.1.0', info, components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }, paths };
}
