import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { Records } from '../store/records.js';
import { LagomError, unauthorized } from '../errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { SESSION_COOKIE, SESSION_DAYS, signSession, verifySession } from './session.js';
import { LoginThrottle } from './throttle.js';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface Principal {
  /** the owner's email; empty for a shared link */
  email: string;
  via: 'session' | 'key' | 'share';
  /** with a shared link: the one site it may read */
  site?: string;
}

export const SHARE_HEADER = 'x-lagom-share';
const shareCookie = (linkId: string) => `lagom_share_${linkId}`;

/** Owner accounts, login sessions and API keys. */
export class AuthService {
  readonly throttle = new LoginThrottle();

  constructor(
    private readonly records: Records,
    private readonly secret: string,
    private readonly secureCookies: boolean,
  ) {}

  static async create(records: Records, secureCookies: boolean): Promise<AuthService> {
    // The signing secret lives in the store so every Lagom node behind a load balancer shares it.
    let secret = await records.getSetting('session_secret');
    if (!secret) {
      secret = randomBytes(32).toString('base64url');
      await records.putSetting('session_secret', secret);
    }
    return new AuthService(records, secret, secureCookies);
  }

  async createOwner(email: string, password: string): Promise<void> {
    await this.records.putUser({ email, password_hash: await hashPassword(password), session_epoch: 0 });
  }

  async login(ctx: Context, email: string, password: string): Promise<void> {
    const key = email.toLowerCase();
    const wait = this.throttle.retryAfter(key);
    if (wait > 0) {
      ctx.set('Retry-After', String(Math.ceil(wait / 1000)));
      throw new LagomError(429, 'too_many_attempts', 'Too many failed logins; try again later');
    }
    const user = await this.records.getUser(key);
    // Hash even for unknown accounts, so timing does not tell which emails exist.
    const ok = user
      ? await verifyPassword(password, user.password_hash)
      : (await hashPassword(password), false);
    if (!user || !ok) {
      this.throttle.fail(key);
      throw unauthorized('Wrong email or password');
    }
    this.throttle.succeed(key);
    this.setSession(ctx, user);
  }

  private setSession(ctx: Context, user: { email: string; session_epoch: number }): void {
    const expires = Math.floor(Date.now() / 1000) + SESSION_DAYS * 86400;
    ctx.cookies.set(SESSION_COOKIE, signSession({ e: user.email, x: expires, g: user.session_epoch }, this.secret), {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies || ctx.secure,
      maxAge: SESSION_DAYS * 86400_000,
      path: '/',
      overwrite: true,
    });
  }

  /** New password; every other session ends, this one continues with a fresh cookie. */
  async changePassword(ctx: Context, email: string, current: string, next: string): Promise<void> {
    const user = await this.records.getUser(email);
    if (!user || !(await verifyPassword(current, user.password_hash))) {
      throw new LagomError(403, 'wrong_password', 'The current password is wrong');
    }
    const updated = { email, password_hash: await hashPassword(next), session_epoch: user.session_epoch + 1 };
    await this.records.putUser(updated);
    this.setSession(ctx, updated);
  }

  /** Ends every session of this owner, this one included. */
  async logoutEverywhere(ctx: Context, email: string): Promise<void> {
    const user = await this.records.getUser(email);
    if (user) await this.records.putUser({ ...user, session_epoch: user.session_epoch + 1 });
    this.logout(ctx);
  }

  /** Unlocks a password-protected shared link for this browser. */
  async unlockShare(ctx: Context, link: { id: string; password_hash: string }, password: string): Promise<void> {
    const wait = this.throttle.retryAfter(`share:${link.id}`);
    if (wait > 0) {
      ctx.set('Retry-After', String(Math.ceil(wait / 1000)));
      throw new LagomError(429, 'too_many_attempts', 'Too many wrong passwords; try again later');
    }
    if (!(await verifyPassword(password, link.password_hash))) {
      this.throttle.fail(`share:${link.id}`);
      throw unauthorized('Wrong password');
    }
    ctx.cookies.set(shareCookie(link.id), this.shareProof(link.id), {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies || ctx.secure,
      path: '/',
      maxAge: SESSION_DAYS * 86400_000,
    });
  }

  shareUnlocked(ctx: Context, link: { id: string; password_hash: string }): boolean {
    if (!link.password_hash) return true;
    const given = Buffer.from(ctx.cookies.get(shareCookie(link.id)) ?? '');
    const expected = Buffer.from(this.shareProof(link.id));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private shareProof(linkId: string): string {
    return createHmac('sha256', this.secret).update(`share:${linkId}`).digest('base64url');
  }

  logout(ctx: Context): void {
    ctx.cookies.set(SESSION_COOKIE, '', { maxAge: 0, path: '/', httpOnly: true, sameSite: 'lax' });
  }

  async createKey(owner: string, name: string): Promise<string> {
    const key = `lgm_${randomBytes(24).toString('base64url')}`;
    await this.records.putApiKey({ key_hash: hashKey(key), prefix: key.slice(0, 8), name, owner });
    return key;
  }

  /** The caller, from `Authorization: Bearer <key>` or the session cookie; undefined if neither. */
  async principal(ctx: Context): Promise<Principal | undefined> {
    const header = ctx.get('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw unauthorized('Use "Authorization: Bearer <api key>"');
      const key = await this.records.getApiKey(hashKey(m[1]!));
      if (!key) throw unauthorized('Invalid API key');
      return { email: key.owner, via: 'key' };
    }
    const token = ctx.cookies.get(SESSION_COOKIE);
    if (!token) return undefined;
    const data = verifySession(token, this.secret, Math.floor(Date.now() / 1000));
    if (!data) return undefined;
    const user = await this.records.getUser(data.e);
    if (!user || user.session_epoch !== data.g) return undefined;
    return { email: user.email, via: 'session' };
  }
}
