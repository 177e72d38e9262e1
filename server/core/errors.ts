import type { CodeWithStatus, ErrorCode, ErrorStatus } from '../../protocol/errors.js';

/**
 * One error type for the whole server: a status, a stable code from the catalogue
 * (protocol/errors.ts) and whether the message may be shown to the client. The status must be
 * the code's own: body_too_large thrown as a 400 does not compile, the catalogue says 413.
 * Anything else thrown becomes a 500 `internal` with a generic message (http/error-response.ts).
 */
export class LagomError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly expose: boolean;
  /** response headers that go with the error, e.g. Retry-After; the only way an error answer gets one */
  readonly headers: Record<string, string>;

  constructor(
    status: ErrorStatus<C>,
    code: C,
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

export const badRequest = (code: CodeWithStatus<400>, message: string) => new LagomError(400, code, message);
export const unauthorized = (message = 'Invalid or missing credentials') => new LagomError(401, 'unauthorized', message);
export const notFound = (message: string) => new LagomError(404, 'not_found', message);

export const unavailable = (message: string, retryAfterSeconds: number) =>
  new LagomError(503, 'unavailable', message, { expose: true, headers: { 'Retry-After': String(retryAfterSeconds) } });
