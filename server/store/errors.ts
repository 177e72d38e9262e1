// The store's one error type. The engine fails in several dialects: @clickhouse/client parses a
// server's "Code: 241. DB::Exception: … (MEMORY_LIMIT_EXCEEDED)" into a ClickHouseError with
// `code` "241" and `type`; chDB's connection does the same for the embedded engine, keeping its
// own ChdbError (with `clickhouseCode`, or `code` "CHDB_CONNECTION" …) as the cause; over HTTP
// a refused connection is Node's own error (`code` "ECONNREFUSED") and a stalled one the
// client's "Timeout error.". client.ts maps each of them here, once, so that no caller reads
// engine messages and the HTTP layer (server/http/error-response.ts) decides only by `kind`.

export type StoreErrorKind =
  /** the query needed more memory than the engine may use (LAGOM_ENGINE_MEMORY_MB, or the server's limits) */
  | 'memory_limit'
  /** the engine cannot be reached, is closed, or refuses work for now */
  | 'unavailable'
  /** the engine did not answer in time */
  | 'timeout'
  /** anything else: a bad query, a schema mismatch, a bug */
  | 'query';

export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  /** the engine's or the system's name for what failed (MEMORY_LIMIT_EXCEEDED, ECONNREFUSED), when known */
  readonly engineCode: string | undefined;

  constructor(kind: StoreErrorKind, message: string, options: { cause?: unknown; engineCode?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StoreError';
    this.kind = kind;
    this.engineCode = options.engineCode;
  }
}

// ClickHouse's exception codes (src/Common/ErrorCodes.cpp): numbers, stable across versions.
const ENGINE_CODES: Record<number, [string, StoreErrorKind]> = {
  241: ['MEMORY_LIMIT_EXCEEDED', 'memory_limit'],
  173: ['CANNOT_ALLOCATE_MEMORY', 'memory_limit'],
  159: ['TIMEOUT_EXCEEDED', 'timeout'],
  209: ['SOCKET_TIMEOUT', 'timeout'],
  202: ['TOO_MANY_SIMULTANEOUS_QUERIES', 'unavailable'],
  210: ['NETWORK_ERROR', 'unavailable'],
  279: ['ALL_CONNECTION_TRIES_FAILED', 'unavailable'],
};

// Node's errors for a server that is not there, or went away mid-request.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

// chDB's own classes, by their stable `code`.
const CHDB_CODES: Record<string, StoreErrorKind> = {
  CHDB_CONNECTION: 'unavailable',
  CHDB_CLOSED: 'unavailable',
  CHDB_TIMEOUT: 'timeout',
};

function classify(err: object): { kind: StoreErrorKind; engineCode: string } | undefined {
  const { code, clickhouseCode } = err as { code?: unknown; clickhouseCode?: unknown };
  // ClickHouseError: code "241"; ChdbError: clickhouseCode 241.
  const number = typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : typeof clickhouseCode === 'number' ? clickhouseCode : undefined;
  const engine = number === undefined ? undefined : ENGINE_CODES[number];
  if (engine) return { kind: engine[1], engineCode: engine[0] };
  if (typeof code === 'string' && UNREACHABLE.has(code)) return { kind: 'unavailable', engineCode: code };
  if (code === 'ETIMEDOUT') return { kind: 'timeout', engineCode: code };
  if (typeof code === 'string' && CHDB_CODES[code]) return { kind: CHDB_CODES[code], engineCode: code };
  // Two that are plain Errors with only a message: @clickhouse/client's request timeout, and
  // chDB's connection once it is closed (the server shutting down).
  if (err instanceof Error && /^Timeout error\b/.test(err.message)) return { kind: 'timeout', engineCode: 'TIMEOUT' };
  if (err instanceof Error && err.message === 'ChdbConnection is closed') return { kind: 'unavailable', engineCode: 'CHDB_CLOSED' };
  return undefined;
}

/** Any failure of the client as a StoreError; the original stays as `cause`, for the log. */
export function toStoreError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // The telling error may be a cause of the one thrown (chDB keeps its own under ClickHouseError).
  let e: unknown = err;
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const found = classify(e);
    if (found) return new StoreError(found.kind, message, { cause: err, engineCode: found.engineCode });
    e = (e as { cause?: unknown }).cause;
  }
  return new StoreError('query', message, { cause: err });
}
