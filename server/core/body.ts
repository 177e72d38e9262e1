import type { IncomingMessage } from 'node:http';
import type { Context } from 'koa';
import { LagomError, badRequest } from './errors.js';

/** Reads the raw body as UTF-8 text, refusing (and not buffering) anything over `limit` bytes. */
export function readText(req: IncomingMessage, limit: number, tooLarge: () => LagomError): Promise<string> {
  const declared = Number(req.headers['content-length'] || 0);
  if (declared > limit) return Promise.reject(tooLarge());
  // Plain 'data' events: cheaper than an async iterator on the ingest hot path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const JSON_LIMIT = 64 * 1024;

/** A JSON object body for the management API (login, keys, sites). */
export async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  if (!ctx.is('application/json')) {
    throw new LagomError(415, 'unsupported_media_type', 'Send the request body as application/json');
  }
  const text = await readText(ctx.req, JSON_LIMIT, () => new LagomError(413, 'body_too_large', 'Request body too large'));
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw badRequest('invalid_json', 'The request body must be a JSON object');
}

export function stringField(body: Record<string, unknown>, name: string, max = 500): string {
  const v = body[name];
  if (typeof v !== 'string' || v.trim() === '') throw badRequest('invalid_field', `"${name}" is required`);
  if (v.length > max) throw badRequest('invalid_field', `"${name}" is longer than ${max} characters`);
  return v.trim();
}
