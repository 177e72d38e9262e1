// The one function that talks to the server. JSON in and out; errors become ApiError with the
// HTTP status, the server's stable code (protocol/errors.ts) and its message. Views branch on
// the code, never on the status: several codes share a 401. The session cookie is HttpOnly and
// same-origin, so fetch sends it without any help from this code.
// Only the catalogue's type is imported: `hasCode` takes ErrorCode, so a misspelt code does not
// compile, and the catalogue's meanings (read by people, in docs/errors.md) stay out of app.js.
import type { ErrorCode } from '../../protocol/errors.js';

/**
 * A failed call: `status` 0 means the server could not be reached. `code` is the code the server
 * sent, as it sent it; undefined then, and when the answer was not the server's own (a proxy's
 * error page). Compare it through hasCode, which only takes codes of the catalogue.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    /** seconds, from Retry-After (429, 503) */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The call failed with one of these codes. */
export const hasCode = (err: unknown, ...codes: ErrorCode[]): err is ApiError =>
  err instanceof ApiError && err.code !== undefined && (codes as readonly string[]).includes(err.code);

/** Signed out, or a shared link that needs unlocking again or is gone: back to the start. */
export const isUnauthorized = (err: unknown): boolean => hasCode(err, 'unauthorized', 'share_locked', 'share_revoked');
/** A one-time link (setup, reset, invitation) the server no longer knows. */
export const isMissing = (err: unknown): boolean => hasCode(err, 'invalid_setup_token', 'invalid_reset_token', 'invitation_not_found');

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const init: RequestInit = { method, credentials: 'same-origin', signal: options.signal, headers };
  if (method !== 'GET') {
    // Always a JSON body on writes: every route that reads a body takes application/json only
    // (server/core/body.ts readJson), and an empty object costs nothing on those that read none.
    // What stops a cross-site write is the server's Origin check on cookie sessions
    // (AuthService.checkSameOrigin) and the SameSite cookie, not this.
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, undefined, 'network');
  }
  const data = parseJson(await res.text());
  if (!res.ok) {
    const answer = data && typeof data === 'object' ? (data as { error?: unknown; code?: unknown }) : {};
    const message = typeof answer.error === 'string' ? answer.error : `${res.status} ${res.statusText}`;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, typeof answer.code === 'string' ? answer.code : undefined, message, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  return data as T;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

export const withQuery = (path: string, params: Record<string, string>): string => `${path}?${new URLSearchParams(params)}`;
