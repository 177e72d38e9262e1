// People for the role, audit and invitation tests: an account written straight into the store
// and signed in, and a JSON call to the API with a person's (or a key's) headers.
import { signIn } from '../../bench/lib.js';
import { hashPassword } from '../../server/auth/password.js';
import { records } from '../../server/store/records.js';
import type { Role } from '../../protocol/people.js';
import type { TestLagom } from './lagom.js';

export type Headers = Record<string, string>;
export interface Answer {
  status: number;
  body: any;
  /** the first cookie the answer sets, as `name=value`; absent when it sets none */
  cookie?: string;
}

/** Writes the account into the store and signs it in: its cookie and the dashboard's origin. */
export async function addPerson(lagom: TestLagom, email: string, role: Role, password: string, sites: string[] = []): Promise<Headers> {
  await records(lagom.server.store).putUser({ email, password_hash: await hashPassword(password), session_epoch: 0, role, sites });
  return { cookie: await signIn(lagom.url, { email, password }), origin: lagom.url };
}

/**
 * A call to `lagom`'s API from the dashboard's own origin (unless `headers` say otherwise): a
 * JSON body when given, the answer parsed when it is JSON.
 */
export async function callApi(lagom: TestLagom, headers: Headers, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${lagom.url}${path}`, {
    method,
    headers: { origin: lagom.url, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const answer: Answer = { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  const cookie = res.headers.get('set-cookie');
  if (cookie) answer.cookie = cookie.split(';')[0]!;
  return answer;
}
