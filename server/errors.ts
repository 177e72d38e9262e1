// One error type for the whole server: a status, a stable code, and whether the message may be
// shown to the client. Everything else becomes a 500 with a generic message.
export class LagomError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  /** response headers that go with the error, e.g. Retry-After */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { expose?: boolean; cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LagomError';
    this.status = status;
    this.code = code;
    this.expose = options.expose ?? status < 500;
    this.headers = options.headers ?? {};
  }
}

/**
 * What any error becomes on the wire: its status, the server's one JSON shape
 * (`{"error": "..."}`, the message only when it is meant for the client) and its headers.
 */
export function errorResponse(err: unknown): { status: number; body: { error: string }; headers: Record<string, string> } {
  const e = err instanceof LagomError ? err : undefined;
  return {
    status: e?.status ?? 500,
    body: { error: e?.expose ? e.message : 'Internal server error' },
    headers: e?.headers ?? {},
  };
}

export const badRequest = (code: string, message: string) => new LagomError(400, code, message);
export const unauthorized = (message = 'Invalid or missing credentials') => new LagomError(401, 'unauthorized', message);
export const notFound = (message: string) => new LagomError(404, 'not_found', message);

export const unavailable = (message: string, retryAfterSeconds: number) =>
  new LagomError(503, 'unavailable', message, { expose: true, headers: { 'Retry-After': String(retryAfterSeconds) } });
