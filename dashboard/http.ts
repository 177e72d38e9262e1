// The one function that talks to the server. JSON in and out; errors become ApiError with the
// HTTP status and the server's own message. The session cookie is HttpOnly and same-origin, so
// fetch sends it without any help from this code.

/** A failed call: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** seconds, from Retry-After on a 429 */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isUnauthorized = (err: unknown): boolean => err instanceof ApiError && err.status === 401;
export const isMissing = (err: unknown): boolean => err instanceof ApiError && (err.status === 404 || err.status === 405);

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
    // Always a JSON body on writes: the server refuses other content types on POST, PUT and DELETE,
    // which is what keeps a cross-site form from posting here.
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiError(0, 'network');
  }
  const data = parseJson(await res.text());
  if (!res.ok) {
    const message = data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : `${res.status} ${res.statusText}`;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, message, Number.isFinite(retry) && retry > 0 ? retry : undefined);
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
