/**
 * Roles and bearer tokens. Operator: plan, launch, command. Viewer (ground staff): read and stream.
 * Engineer: simulator control plus read. Nothing that moves a drone is reachable without operator.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './api-error.js';

export type Role = 'operator' | 'viewer' | 'engineer';

export interface TokenSpec {
  token: string;
  role: Role;
  name: string;
}

export interface Principal {
  name: string;
  role: Role;
}

/** What each role may do. */
export const PERMISSIONS = {
  read: ['operator', 'viewer', 'engineer'],
  plan: ['operator'],
  command: ['operator'],
  simulate: ['engineer', 'operator'],
  /** Provision a vehicle's signing key (SETUP_SIGNING): an engineer's job, over a trusted link. */
  provision: ['engineer'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Constant-time token lookup: both sides are hashed to 32 bytes and compared with timingSafeEqual,
 * against every token without stopping at a match, so the timing reveals neither a token's bytes
 * nor its length nor which entry matched.
 */
export function principalFor(tokens: readonly TokenSpec[], presented: string | undefined): Principal | undefined {
  if (!presented) return undefined;
  const p = digest(presented);
  let found: Principal | undefined;
  for (const t of tokens) {
    if (timingSafeEqual(digest(t.token), p) && !found) found = { name: t.name, role: t.role };
  }
  return found;
}

/** "Authorization: Bearer <token>" (REST) or `?token=` (websocket upgrades from browsers, which cannot set headers). */
export function presentedToken(authorization: string | undefined, query?: unknown): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (m) return m[1];
  return typeof query === 'string' && query.length > 0 ? query : undefined;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Express middleware: authenticate every /api request, then demand `permission`. */
export function requirePermission(tokens: readonly TokenSpec[], permission: Permission) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const principal = principalFor(tokens, presentedToken(req.headers.authorization));
    if (!principal) return next(new ApiError('UNAUTHORIZED', 'send "Authorization: Bearer <token>" with a token from the configuration'));
    if (!can(principal.role, permission)) return next(new ApiError('FORBIDDEN', `role "${principal.role}" may not ${permission}; use an ${PERMISSIONS[permission].join(' or ')} token`, { role: principal.role, permission }));
    req.principal = principal;
    next();
  };
}
