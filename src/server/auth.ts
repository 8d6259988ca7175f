/**
 * Roles and bearer tokens. Operator: plan, launch, command. Viewer (ground staff): read and stream.
 * Engineer: simulator control plus read. Nothing that moves a drone is reachable without operator.
 */
import { timingSafeEqual } from 'node:crypto';
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
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Constant-time token lookup (a timing side channel must not reveal a token byte by byte). */
export function principalFor(tokens: readonly TokenSpec[], presented: string | undefined): Principal | undefined {
  if (!presented) return undefined;
  const p = Buffer.from(presented);
  for (const t of tokens) {
    const b = Buffer.from(t.token);
    if (b.length === p.length && timingSafeEqual(b, p)) return { name: t.name, role: t.role };
  }
  return undefined;
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
