// What an error becomes on the wire (server/http/error-response.ts): the one JSON shape with its
// code, the message only when it is meant for the client, and the store's failures by kind.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../protocol/errors.js';
import { LagomError, badRequest } from '../../../server/core/errors.js';
import { errorResponse } from '../../../server/http/error-response.js';
import { StoreError } from '../../../server/store/errors.js';

describe('errorResponse', () => {
  it('answers a LagomError with its status, message, code and headers', () => {
    const err = new LagomError(429, 'rate_limited', 'Too many events from this address; slow down', { headers: { 'Retry-After': '12' } });
    expect(errorResponse(err)).toEqual({
      status: 429,
      body: { error: 'Too many events from this address; slow down', code: 'rate_limited' },
      headers: { 'Retry-After': '12' },
    });
    expect(errorResponse(badRequest('invalid_metric', 'Unknown metric "x"'))).toMatchObject({ status: 400, body: { code: 'invalid_metric' } });
  });

  it('keeps a 5xx message to the log unless it is exposed: the body says what the code means', () => {
    const hidden = new LagomError(503, 'unavailable', 'spool at /var/lib/lagom is full');
    expect(errorResponse(hidden).body).toEqual({ error: ERROR_CODES.unavailable.meaning, code: 'unavailable' });
    const thrown = errorResponse(new TypeError("Cannot read properties of undefined (reading 'domain')"));
    expect(thrown).toEqual({ status: 500, body: { error: ERROR_CODES.internal.meaning, code: 'internal' }, headers: {} });
  });

  it.each([
    ['memory_limit', 503, 'store_memory_limit', { 'Retry-After': '30' }],
    ['unavailable', 503, 'store_unavailable', { 'Retry-After': '5' }],
    ['timeout', 503, 'store_unavailable', { 'Retry-After': '5' }],
    ['query', 500, 'internal', {}],
  ] as const)('answers a store failure of kind %s with %i %s', (kind, status, code, headers) => {
    const answer = errorResponse(new StoreError(kind, 'Code: 1. DB::Exception: details for the log only'));
    expect(answer).toMatchObject({ status, body: { code }, headers });
    expect(answer.body.error).not.toContain('DB::Exception');
  });

  it('tells a person what to do about the memory cap', () => {
    expect(errorResponse(new StoreError('memory_limit', 'x')).body.error).toMatch(/LAGOM_ENGINE_MEMORY_MB.*narrow the period or raise the limit/);
  });
});
