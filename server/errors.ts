import { ERROR_CODES, type CodeWithStatus, type ErrorBody, type ErrorCode, type ErrorStatus } from '../protocol/errors.js';
import { StoreError } from './store/errors.js';

/**
 * One error type for the whole server: a status, a stable code from the catalogue
 * (protocol/errors.ts) and whether the message may be shown to the client. The status must be
 * the code's own: body_too_large thrown as a 400 does not compile, the catalogue says 413.
 * Anything else thrown becomes a 500 `internal` with a generic message.
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

const internal = (cause: unknown) => new LagomError(500, 'internal', 'Internal server error', { cause });

/**
 * The store's failures as HTTP errors: the store speaks no HTTP (store/errors.ts), this is where
 * its kinds meet statuses. A memory cap and an engine that is away are told to the client, as
 * they are the operator's to fix or will pass; anything else is a bug, and stays in the log.
 */
function fromStore(err: StoreError): LagomError {
  switch (err.kind) {
    case 'memory_limit':
      return new LagomError(
        503,
        'store_memory_limit',
        'The query needed more memory than the database allows (LAGOM_ENGINE_MEMORY_MB for the embedded engine); narrow the period or raise the limit',
        { expose: true, cause: err, headers: { 'Retry-After': '30' } },
      );
    case 'unavailable':
    case 'timeout':
      return new LagomError(503, 'store_unavailable', 'The database cannot be reached right now; try again shortly', {
        expose: true,
        cause: err,
        headers: { 'Retry-After': '5' },
      });
    case 'query':
      return internal(err);
  }
}

/** Any thrown value as a LagomError: itself, a store failure mapped by kind, or a 500 `internal`. */
function asLagomError(err: unknown): LagomError {
  if (err instanceof LagomError) return err;
  if (err instanceof StoreError) return fromStore(err);
  return internal(err);
}

/**
 * What any error becomes on the wire: its status, the server's one JSON shape
 * `{"error": message, "code": code}` and its headers. A message not meant for the client is
 * replaced by the code's public meaning from the catalogue.
 */
export function errorResponse(err: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const e = asLagomError(err);
  return {
    status: e.status,
    body: { error: e.expose ? e.message : ERROR_CODES[e.code].meaning, code: e.code },
    headers: e.headers,
  };
}

export const badRequest = (code: CodeWithStatus<400>, message: string) => new LagomError(400, code, message);
export const unauthorized = (message = 'Invalid or missing credentials') => new LagomError(401, 'unauthorized', message);
export const notFound = (message: string) => new LagomError(404, 'not_found', message);

export const unavailable = (message: string, retryAfterSeconds: number) =>
  new LagomError(503, 'unavailable', message, { expose: true, headers: { 'Retry-After': String(retryAfterSeconds) } });
