import type { Context } from 'koa';
import type { Logger } from 'pino';
import * as client from 'openid-client';
import type { OidcConfig } from '../core/oidc-config.js';
import { LagomError } from '../core/errors.js';
import type { Records, UserRecord } from '../store/records.js';
import type { Role } from '../../protocol/people.js';
import { newAccount, type AuthService } from './service.js';
import { openFlow, sealFlow, groupsOf, roleFor, verifiedEmail, type Claims } from './oidc-claims.js';
import { randomToken } from './secrets.js';

export const FLOW_COOKIE = 'lagom_oidc';
/** How long a sign-in may stay at the provider before its callback is refused. */
const FLOW_SECONDS = 600;
const FLOW_PATH = '/api/auth/oidc';

const now = () => Math.floor(Date.now() / 1000);

/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE, state and nonce
 * (openid-client checks the answer: issuer, signature, audience, nonce, expiry). The provider's
 * groups decide the role on every sign-in, so a group taken away there takes the role away here
 * at the person's next sign-in; someone left in no mapped group is refused and their sessions end.
 * Accounts with a password are never touched, so a password owner stays a way in that does not
 * depend on the provider (docs/security.md, "A compromised identity provider").
 */
export class OidcLogin {
  private discovered: Promise<client.Configuration> | undefined;
  private readonly secure: boolean;

  private constructor(
    readonly config: OidcConfig,
    private readonly deps: { records: Records; auth: AuthService; logger: Logger },
    private readonly secret: string,
  ) {
    this.secure = config.redirectUri.startsWith('https:');
  }

  static async create(config: OidcConfig, deps: { records: Records; auth: AuthService; logger: Logger }): Promise<OidcLogin> {
    // In the store, like the session secret, so that any node may answer the callback.
    let secret = await deps.records.getSetting('oidc_flow_secret');
    if (!secret) {
      secret = randomToken(32);
      await deps.records.putSetting('oidc_flow_secret', secret);
    }
    return new OidcLogin(config, deps, secret);
  }

  get name(): string {
    return this.config.name;
  }

  /**
   * The provider's metadata, fetched on first use rather than at start-up, so that Lagom starts
   * (and password owners sign in) while the provider is down; a failed fetch is tried again.
   */
  private provider(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.config;
    this.discovered ??= client
      .discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
        // Config allows http:// only for localhost (core/oidc-config.ts).
        execute: issuer.startsWith('http:') ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw err;
      });
    return this.discovered;
  }

  /** The provider's authorization URL; the browser keeps the flow's secrets in a signed cookie. */
  async start(ctx: Context): Promise<string> {
    const provider = await this.failing(() => this.provider());
    const flow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), expires: now() + FLOW_SECONDS };
    this.flowCookie(ctx, sealFlow(flow, this.secret), FLOW_SECONDS);
    return client.buildAuthorizationUrl(provider, {
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    }).href;
  }

  /** Checks the provider's answer and signs the person in; a refusal is a LagomError. */
  async finish(ctx: Context): Promise<void> {
    const flow = openFlow(ctx.cookies.get(FLOW_COOKIE), this.secret, now());
    // One use: whatever happens next, this browser's flow is spent.
    this.flowCookie(ctx, '', 0);
    const { error } = ctx.query;
    if (error === 'access_denied') throw new LagomError(403, 'oidc_refused', 'The identity provider refused the sign-in');
    if (!flow || ctx.query.state !== flow.state) {
      throw new LagomError(400, 'oidc_state_mismatch', 'This sign-in did not start in this browser, or took too long; start again');
    }
    if (error) throw new LagomError(403, 'oidc_refused', `The identity provider answered "${String(error).slice(0, 100)}"`);
    const claims = await this.failing(async () => {
      const provider = await this.provider();
      const tokens = await client.authorizationCodeGrant(provider, new URL(`${this.config.redirectUri}${ctx.search}`), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      });
      const idToken = tokens.claims()!;
      // Most providers put email and groups in the userinfo answer only, some in the ID token.
      const info = await client.fetchUserInfo(provider, tokens.access_token, idToken.sub);
      return { ...idToken, ...info } as Claims;
    });
    const email = verifiedEmail(claims);
    if (!email) throw new LagomError(403, 'oidc_email_unverified', 'The identity provider did not give a verified email address');
    const user = await this.admit(ctx, email, roleFor(groupsOf(claims, this.config.roleClaim), this.config.groups));
    await this.deps.auth.startSession(ctx, user);
  }

  /** The account for this email with the role the provider gives, created when allowed. */
  private async admit(ctx: Context, email: string, role: Role | undefined): Promise<UserRecord> {
    const { records, auth } = this.deps;
    const user = await records.getUser(email);
    if (user?.password_hash) {
      throw new LagomError(403, 'oidc_password_account', 'This account signs in with its password, not through the identity provider');
    }
    if (!role) {
      // Refused now, so out everywhere: a session begun while the person was still in a group ends.
      if (user) await auth.logoutEverywhere(ctx, email);
      throw new LagomError(403, 'oidc_no_role', 'You are in none of the groups that give a role in Lagom');
    }
    if (!user && !this.config.createUsers) {
      throw new LagomError(403, 'oidc_no_account', 'There is no Lagom account for this email; an owner must add it first');
    }
    const next: UserRecord = user ? { ...user, role } : newAccount(email, '', role);
    if (!user || user.role !== role) await records.putUser(next);
    if (user && user.role !== role) this.deps.logger.info({ from: user.role, to: role }, 'single sign-on changed a role');
    return next;
  }

  /** The provider unreachable, or its answer failing a check: logged here, answered as oidc_failed. */
  private async failing<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      if (err instanceof LagomError) throw err;
      // The message and code only: an error's cause can hold the provider's whole answer, tokens included.
      const { name, message, code } = err as { name?: string; message?: string; code?: string };
      this.deps.logger.warn({ error: { name, message, code } }, 'single sign-on failed');
      if (err instanceof client.AuthorizationResponseError && err.error === 'access_denied') {
        throw new LagomError(403, 'oidc_refused', 'The identity provider refused the sign-in');
      }
      throw new LagomError(502, 'oidc_failed', 'The identity provider could not be reached, or its answer failed a check', { expose: true });
    }
  }

  /** HttpOnly and SameSite=Lax (the provider's redirect back is a top-level GET, which Lax lets through). */
  private flowCookie(ctx: Context, value: string, seconds: number): void {
    const secure = this.secure || ctx.secure;
    if (secure) ctx.cookies.secure = true;
    ctx.cookies.set(FLOW_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure, maxAge: seconds * 1000, path: FLOW_PATH, overwrite: true });
  }
}
