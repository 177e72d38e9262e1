import { ERROR_CODES, type ErrorBody } from '../../protocol/errors.js';
import { LagomError } from '../core/errors.js';
import { StoreError } from '../store/errors.js';

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
