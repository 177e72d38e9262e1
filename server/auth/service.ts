import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { Records, UserRecord } from '../store/records.js';
import { KEY_SCOPES, type KeyScope, type Role } from '../../protocol/people.js';
import type { SessionView } from '../../protocol/account.js';
import { LagomError, unauthorized } from '../core/errors.js';
import { hashSecret, randomToken, sameSecret } from './secrets.js';
import { hashPassword, verifyPassword } from './password.js';
import { SESSION_COOKIE, SESSION_DAYS, deviceOf, deviceName, verifySession } from './session.js';
import type { SessionRecord } from '../store/sessions.js';
import { LoginThrottle } from './throttle.js';
import { spendToken } from './tokens.js';
import { clientIp } from '../core/client-ip.js';
import type { CodeKind, TwoFactor } from './two-factor.js';

export interface Principal {
  /** the person's email; empty for a shared link */
  email: string;
  via: 'session' | 'key' | 'share';
  /** the person's role (a key's: its creator's, now); a shared link reads as a viewer */
  role: Role;
  /** the sites within reach; null: every site */
  sites: string[] | null;
  /** a key's scopes; a person's session is not limited by any */
  scopes: readonly KeyScope[];
  /** a session that may only set up two-factor login: the owner requires it, this person has not */
  enrolling?: true;
  /** with a key: its prefix, which the audit log names */
  key?: string;
  /** with a session: its public id (the sessions list's) */
  session?: string;
}


/**
 * How long this node believes a session it looked up without asking the store again. A
 * session signed out here ends here at once; signed out on another node, it works here for up
 * to this long. A new password and "log out everywhere" end sessions at once on every node:
 * they raise the account's epoch, which every request reads afresh with the account.
 */
export const SESSION_CACHE_MS = 10_000;
/** Sessions kept in that cache, at most (the oldest go first). */
const SESSION_CACHE_SIZE = 10_000;
/** "Last active" is written at most this often per session, not on every request. */
export const ACTIVE_EVERY_S = 300;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The sites a person reaches: owners and admins every site, a viewer those given (none given: every site). */
/**
 * A new account. Its session epoch is the time it is made, not 0, so that a session of an
 * earlier, removed account of the same email (its epoch stored with it) does not open this one.
 */
export const newAccount = (email: string, password_hash: string, role: Role, sites: string[] = []): UserRecord => ({
  email,
  password_hash,
  session_epoch: nowSeconds(),
  role,
  sites,
});

export const reachOf = (user: Pick<UserRecord, 'role' | 'sites'>): string[] | null => (user.role === 'viewer' && user.sites.length ? user.sites : null);

/** A session starting now in this request's browser, known by its coarse device only. */
function newSession(ctx: Context, tokenHash: string, of: Pick<SessionRecord, 'email' | 'epoch' | 'expires_at'>): SessionRecord {
  const now = nowSeconds();
  return { token_hash: tokenHash, id: randomBytes(8).toString('hex'), ...of, ...deviceOf(ctx.get('user-agent')), created_at: now, last_active_at: now, revoked: 0 };
}

const shareCookie = (linkId: string) => `lagom_share_${linkId}`;

export interface AuthOptions {
  /** LAGOM_PUBLIC_URL: the one origin that cookie-authenticated writes may come from */
  publicUrl?: string;
  /** LAGOM_TRUST_PROXY: how many proxies may be believed about the client's address */
  trustProxy: number;
  twoFactor: TwoFactor;
}

/** Owner accounts, login sessions and API keys. */
export class AuthService {
  readonly throttle = new LoginThrottle();
  private readonly secureCookies: boolean;
  private readonly publicOrigin: string | undefined;
  private readonly sessions = new Map<string, { session: SessionRecord; until: number }>();

  get twoFactor(): TwoFactor {
    return this.options.twoFactor;
  }

  constructor(
    private readonly records: Records,
    private readonly secret: string,
    private readonly options: AuthOptions,
  ) {
    this.publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
    this.secureCookies = this.publicOrigin?.startsWith('https:') ?? false;
  }

  static async create(records: Records, options: AuthOptions): Promise<AuthService> {
    // The signing secret lives in the store so every Lagom node behind a load balancer shares it.
    let secret = await records.getSetting('session_secret');
    if (!secret) {
      secret = randomToken(32);
      await records.putSetting('session_secret', secret);
    }
    return new AuthService(records, secret, options);
  }

  /**
   * CSRF defence for cookie sessions: a state-changing request whose Origin names another site,
   * or whose Sec-Fetch-Site says cross-site, is refused. Browsers send Origin on every POST, PUT
   * and DELETE, so a browser cannot be made to write here from elsewhere; a request with neither
   * header (curl, scripts) is not a browser's and passes. Routes that take a body also want
   * application/json (readJson), which a cross-site form cannot send. "Another site" means other
   * than LAGOM_PUBLIC_URL when it is set; otherwise other than the request's own scheme and host,
   * which behind a trusted proxy are the ones the proxy was asked for.
   */
  checkSameOrigin(ctx: Context): void {
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return;
    const origin = ctx.get('origin');
    const site = ctx.get('sec-fetch-site');
    // Not ctx.origin: Koa 3 answers that from the Origin header itself.
    const expected = this.publicOrigin ?? `${ctx.protocol}://${ctx.host}`;
    if ((origin && origin !== expected) || (site && site !== 'same-origin' && site !== 'none')) {
      throw new LagomError(403, 'cross_origin', 'Cross-origin request refused');
    }
  }

  /** The client's address, for the throttle only (in memory, never written). */
  address(ctx: Context): string {
    return clientIp(ctx.req, this.options.trustProxy);
  }

  /** Waits out the throttle's verdict for this account and address, or refuses with a 429. */
  async throttled(account: string, address: string, message: string): Promise<void> {
    const verdict = this.throttle.check(account, address);
    if (verdict.kind === 'wait') {
      throw new LagomError(429, 'too_many_attempts', message, {
        headers: { 'Retry-After': String(Math.ceil(verdict.retryAfterMs / 1000)) },
      });
    }
    if (verdict.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));
  }

  async createOwner(email: string, password: string): Promise<void> {
    await this.records.putUser(newAccount(email, await hashPassword(password), 'owner'));
  }

  /**
   * Signs in with the password and, for an account with two-factor on, a code: without one the
   * answer is two_factor_required (only once the password was right), and a wrong code counts as
   * a failure in the throttle, as a wrong password does. Answers whether this session may only
   * enrol (the owner requires two-factor login and this person has not set it up).
   */
  async login(ctx: Context, email: string, password: string, code?: string): Promise<{ enrolling: boolean }> {
    const key = email.toLowerCase();
    const address = this.address(ctx);
    await this.throttled(key, address, 'Too many failed logins from this address; try again later');
    const user = await this.records.getUser(key);
    // Hash even for unknown accounts, so timing does not tell which emails exist.
    const ok = user
      ? await verifyPassword(password, user.password_hash)
      : (await hashPassword(password), false);
    if (!user || !ok) {
      this.throttle.fail(key, address);
      throw new LagomError(401, 'wrong_credentials', 'Wrong email or password');
    }
    const on = await this.twoFactor.isOn(user.email);
    if (on) {
      // Not a success either: the throttle's pair is cleared only once the code was right too,
      // so asking without a code between wrong ones buys no extra guesses.
      if (!code) throw new LagomError(401, 'two_factor_required', 'Enter the code from your authenticator app, or a recovery code');
      if (!(await this.twoFactor.verify(user.email, code))) {
        this.throttle.fail(key, address);
        throw new LagomError(401, 'wrong_two_factor_code', 'Wrong code, or one used already');
      }
    }
    this.throttle.succeed(key, address);
    await this.startSession(ctx, user);
    // With two-factor on there is nothing to enrol.
    return { enrolling: !on && (await this.twoFactor.required()) };
  }

  /**
   * A two-factor code asked for to change two-factor login itself (confirm, switch off, new
   * recovery codes): throttled like a sign-in, so a stolen session cannot guess its way in.
   * `confirming`: the code of an enrolment that waits for it, which switches two-factor on.
   */
  async checkCode(ctx: Context, email: string, code: string, confirming: true): Promise<string[]>;
  async checkCode(ctx: Context, email: string, code: string): Promise<CodeKind>;
  async checkCode(ctx: Context, email: string, code: string, confirming?: true): Promise<string[] | CodeKind> {
    const address = this.address(ctx);
    await this.throttled(email, address, 'Too many wrong codes from this address; try again later');
    if (!confirming) await this.twoFactor.enabledRow(email);
    const result = confirming ? await this.twoFactor.confirm(email, code) : await this.twoFactor.verify(email, code);
    if (!result) {
      this.throttle.fail(email, address);
      throw new LagomError(403, 'wrong_code', 'Wrong code, or one used already');
    }
    this.throttle.succeed(email, address);
    return result;
  }

  /** The password of a signed-in person, asked for again before a change to their security. */
  async checkPassword(email: string, password: string): Promise<void> {
    const user = await this.records.getUser(email);
    if (!user || !(await verifyPassword(password, user.password_hash))) {
      throw new LagomError(403, 'wrong_password', 'The password is wrong');
    }
  }

  /** Every other session of the account ends (two-factor was just switched on); this one goes on. */
  async endOtherSessions(ctx: Context, email: string): Promise<void> {
    const user = await this.records.getUser(email);
    if (!user) return;
    const updated = { ...user, session_epoch: user.session_epoch + 1 };
    await this.records.putUser(updated);
    await this.startSession(ctx, updated);
  }


  /**
   * Signs this browser in as `user` (after a password, a second factor or a single sign-on):
   * a new server-side session and its cookie, which holds a random secret whose hash only is stored.
   */
  async startSession(ctx: Context, user: UserRecord): Promise<void> {
    const secret = randomToken(32);
    const session = newSession(ctx, hashSecret(secret), { email: user.email, epoch: user.session_epoch, expires_at: nowSeconds() + SESSION_DAYS * 86400 });
    await this.records.putSession(session);
    this.remember(session);
    this.setCookie(ctx, SESSION_COOKIE, secret);
  }

  private remember(session: SessionRecord): void {
    this.sessions.delete(session.token_hash);
    if (this.sessions.size >= SESSION_CACHE_SIZE) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(session.token_hash, { session, until: Date.now() + SESSION_CACHE_MS });
  }

  /** The live session a cookie holds, from the cache when it is fresh. */
  private async sessionOf(ctx: Context, token: string): Promise<SessionRecord | undefined> {
    const hash = hashSecret(token);
    const cached = this.sessions.get(hash);
    let session = cached && cached.until > Date.now() ? cached.session : await this.records.getSession(hash);
    // A signed cookie of 0.1.0 becomes a session of its own on first use (session.ts).
    if (!session && token.includes('.')) session = await this.adopt(ctx, token, hash);
    if (!session) return undefined;
    if (session !== cached?.session) this.remember(session);
    return session.revoked || session.expires_at <= nowSeconds() ? undefined : session;
  }

  private async adopt(ctx: Context, token: string, hash: string): Promise<SessionRecord | undefined> {
    const data = verifySession(token, this.secret, nowSeconds());
    if (!data) return undefined;
    const session = newSession(ctx, hash, { email: data.e, epoch: data.g, expires_at: data.x });
    await this.records.putSession(session);
    return session;
  }

  /** Notes the session's activity, at most every ACTIVE_EVERY_S. */
  private async touch(session: SessionRecord): Promise<void> {
    const now = nowSeconds();
    if (now - session.last_active_at < ACTIVE_EVERY_S) return;
    const active = { ...session, last_active_at: now };
    // A write after a sign-out on another node cannot bring the session back: the store ranks a
    // revoked row above every live one (store/sessions.ts).
    await this.records.putSession(active);
    this.remember(active);
  }

  /** The account's signed-in browsers, the one asking marked. */
  async listSessions(principal: Principal): Promise<SessionView[]> {
    const user = await this.records.getUser(principal.email);
    if (!user) return [];
    return (await this.records.listSessions(user.email, user.session_epoch)).map((s) => ({
      id: s.id,
      device: deviceName(s),
      browser: s.browser,
      os: s.os,
      created_at: iso(s.created_at),
      last_active_at: iso(s.last_active_at),
      current: s.id === principal.session,
    }));
  }

  /**
   * Signs one of the account's browsers out: at once on this node, within SESSION_CACHE_MS on
   * the others. Answers the session's device, or undefined when the account has no such session.
   */
  async endSession(ctx: Context, principal: Principal, id: string): Promise<string | undefined> {
    const user = await this.records.getUser(principal.email);
    const session = user && (await this.records.listSessions(user.email, user.session_epoch)).find((s) => s.id === id);
    if (!session) return undefined;
    await this.revoke(session);
    if (session.id === principal.session) this.clearCookie(ctx);
    return deviceName(session);
  }

  private async revoke(session: SessionRecord): Promise<void> {
    const ended = { ...session, revoked: 1 };
    await this.records.putSession(ended);
    this.remember(ended);
  }

  /**
   * HttpOnly, SameSite=Lax, and Secure whenever the public URL is https or the request came over
   * TLS (to us, or to the trusted proxy in front). Set by hand rather than by the cookie library's
   * own check, which refuses Secure on the plain-HTTP hop from the proxy it was not told of.
   */
  private setCookie(ctx: Context, name: string, value: string): void {
    const secure = this.secureCookies || ctx.secure;
    if (secure) ctx.cookies.secure = true;
    ctx.cookies.set(name, value, { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_DAYS * 86400_000, path: '/', overwrite: true });
  }

  /** New password; every other session ends, this one continues with a fresh cookie. */
  async changePassword(ctx: Context, email: string, current: string, next: string): Promise<void> {
    const user = await this.records.getUser(email);
    if (!user || !(await verifyPassword(current, user.password_hash))) {
      throw new LagomError(403, 'wrong_password', 'The current password is wrong');
    }
    await this.setPassword(ctx, user, next);
  }

  /** A new password ends every other session and clears the throttle; this browser stays in. */
  private async setPassword(ctx: Context, user: UserRecord, password: string, signIn = true): Promise<void> {
    const updated = { ...user, password_hash: await hashPassword(password), session_epoch: user.session_epoch + 1 };
    await this.records.putUser(updated);
    this.throttle.clearAccount(user.email);
    if (signIn) await this.startSession(ctx, updated);
  }

  /**
   * A new password from a one-time reset link (`lagom reset-password`): every session ends, the
   * throttle forgets the account, and this browser is signed in, unless the account has
   * two-factor login on: then it signs in as ever, with the password and a code.
   */
  async resetPassword(ctx: Context, token: string, password: string): Promise<string> {
    const email = await spendToken(this.records, token, 'reset');
    const user = email ? await this.records.getUser(email) : undefined;
    if (!user) throw new LagomError(404, 'invalid_reset_token', 'This reset link is no longer valid');
    // A reset link is not a second factor: with two-factor on, sign in as ever, with a code.
    await this.setPassword(ctx, user, password, !(await this.twoFactor.isOn(user.email)));
    return user.email;
  }

  /** Ends every session of this owner, this one included. */
  async logoutEverywhere(ctx: Context, email: string): Promise<void> {
    const user = await this.records.getUser(email);
    if (user) await this.records.putUser({ ...user, session_epoch: user.session_epoch + 1 });
    this.clearCookie(ctx);
  }

  /** Unlocks a password-protected shared link for this browser. */
  async unlockShare(ctx: Context, link: { id: string; password_hash: string }, password: string): Promise<void> {
    const account = `share:${link.id}`;
    const address = this.address(ctx);
    await this.throttled(account, address, 'Too many wrong passwords from this address; try again later');
    if (!(await verifyPassword(password, link.password_hash))) {
      this.throttle.fail(account, address);
      throw new LagomError(401, 'wrong_share_password', 'Wrong password');
    }
    this.throttle.succeed(account, address);
    this.setCookie(ctx, shareCookie(link.id), this.shareProof(link.id));
  }

  shareUnlocked(ctx: Context, link: { id: string; password_hash: string }): boolean {
    if (!link.password_hash) return true;
    return sameSecret(ctx.cookies.get(shareCookie(link.id)) ?? '', this.shareProof(link.id));
  }

  private shareProof(linkId: string): string {
    return createHmac('sha256', this.secret).update(`share:${linkId}`).digest('base64url');
  }

  /** Signs this browser out: its session ends (a copy of the cookie elsewhere with it). */
  async logout(ctx: Context): Promise<void> {
    const token = ctx.cookies.get(SESSION_COOKIE);
    const session = token ? await this.sessionOf(ctx, token) : undefined;
    if (session) await this.revoke(session);
    this.clearCookie(ctx);
  }

  private clearCookie(ctx: Context): void {
    ctx.cookies.set(SESSION_COOKIE, '', { maxAge: 0, path: '/', httpOnly: true, sameSite: 'lax' });
  }

  async createKey(owner: string, name: string, scopes: readonly KeyScope[] = KEY_SCOPES, sites: readonly string[] = []): Promise<string> {
    const key = `lgm_${randomToken()}`;
    await this.records.putApiKey({ key_hash: hashSecret(key), prefix: key.slice(0, 8), name, owner, scopes: [...scopes], sites: [...sites] });
    return key;
  }

  /** The caller, from `Authorization: Bearer <key>` or the session cookie; undefined if neither. */
  async principal(ctx: Context): Promise<Principal | undefined> {
    const header = ctx.get('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw unauthorized('Use "Authorization: Bearer <api key>"');
      const key = await this.records.getApiKey(hashSecret(m[1]!));
      // A key is its creator's, as the creator is now: removed, it stops; demoted, it shrinks.
      const creator = key && (await this.records.getUser(key.owner));
      if (!key || !creator) throw unauthorized('Invalid API key');
      const reach = reachOf(creator);
      const sites = key.sites.length ? key.sites.filter((s) => reach === null || reach.includes(s)) : reach;
      return { email: creator.email, via: 'key', role: creator.role, sites, scopes: key.scopes, key: key.prefix };
    }
    const token = ctx.cookies.get(SESSION_COOKIE);
    if (!token) return undefined;
    const session = await this.sessionOf(ctx, token);
    if (!session) return undefined;
    // The account is read afresh on every request: a new role, a removal or a raised epoch
    // counts at once, on every node.
    const user = await this.records.getUser(session.email);
    if (!user || user.session_epoch !== session.epoch) return undefined;
    await this.touch(session);
    const principal: Principal = { email: user.email, via: 'session', role: user.role, sites: reachOf(user), scopes: [], session: session.id };
    if (await this.twoFactor.mustEnrol(user.email)) principal.enrolling = true;
    return principal;
  }
}
