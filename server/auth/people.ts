// People: invitations, role changes, removals and password resets by mail. Each change is one
// method, so that whatever should follow a change (an audit entry) hooks in at one place. The
// routes (people-routes.ts) check the caller's role for the action and the sites' reach first;
// this checks who may be given, changed or removed by whom.
import type { Context } from 'koa';
import type { Logger } from 'pino';
import { manages, type Role } from '../../protocol/people.js';
import { LagomError } from '../core/errors.js';
import type { Mailer } from '../mail/mailer.js';
import { invitationMail, resetMail } from '../mail/messages.js';
import type { InvitationRecord, Records, UserRecord } from '../store/records.js';
import { hashPassword } from './password.js';
import { hashSecret, randomToken } from './secrets.js';
import { newAccount, type AuthService, type Principal } from './service.js';
import { issueToken, RESET_LINK_HOURS } from './tokens.js';

/** How long an invitation link works. */
export const INVITATION_HOURS = 48;

export interface PeopleDeps {
  records: Records;
  auth: AuthService;
  logger: Logger;
  /** absent: no mail; invitation links are only shown to the inviter */
  mailer?: Mailer;
}

export interface NewInvitation {
  email: string;
  role: Role;
  /** checked by the caller: existing sites within the inviter's reach; empty: every site */
  sites: string[];
}

export interface PersonChange {
  role?: Role;
  sites?: string[];
}

const refuse = (actor: Role) =>
  new LagomError(403, 'role_not_allowed', actor === 'admin' ? 'An admin invites, changes and removes viewers only' : 'Your role cannot manage people');

const onlyViewers = () => new LagomError(400, 'invalid_field', '"sites" limits a viewer only: an admin and an owner reach every site');

const now = () => Math.floor(Date.now() / 1000);

export class People {
  constructor(private readonly deps: PeopleDeps) {}

  get mailConfigured(): boolean {
    return this.deps.mailer !== undefined;
  }

  /**
   * A new invitation, replacing any pending one for the same email. Answers the link and
   * whether it was mailed; a failed mail is logged and the link still answered, for the inviter
   * to pass on by hand.
   */
  async invite(actor: Principal, input: NewInvitation, base: string): Promise<{ invitation: InvitationRecord; url: string; mailed: boolean }> {
    const { records } = this.deps;
    if (!manages(actor.role, input.role)) throw refuse(actor.role);
    if (input.role !== 'viewer' && input.sites.length) throw onlyViewers();
    if (await records.getUser(input.email)) {
      throw new LagomError(409, 'person_exists', `${input.email} has an account already; change its role in Settings → People instead`);
    }
    for (const old of await records.listInvitations()) {
      if (old.email === input.email) await records.putInvitation({ ...old, state: 2 });
    }
    const token = randomToken();
    const created = now();
    const invitation: InvitationRecord = {
      id: randomToken(9),
      token_hash: hashSecret(token),
      email: input.email,
      role: input.role,
      sites: input.sites,
      invited_by: actor.email,
      created_at: created,
      expires_at: created + INVITATION_HOURS * 3600,
      state: 0,
    };
    await records.putInvitation(invitation);
    const url = `${base}/invite?token=${token}`;
    let mailed = false;
    if (this.deps.mailer) {
      try {
        await this.deps.mailer.send(invitationMail({ to: input.email, url, instance: base, invitedBy: actor.email, role: input.role, hours: INVITATION_HOURS }));
        mailed = true;
      } catch (err) {
        this.deps.logger.warn({ err }, 'invitation mail failed; the link is shown to the inviter');
      }
    }
    return { invitation, url, mailed };
  }

  async revokeInvitation(actor: Principal, id: string): Promise<InvitationRecord> {
    const found = await this.deps.records.getInvitation({ id });
    if (!found || found.state !== 0) throw new LagomError(404, 'invitation_not_found', 'No such pending invitation');
    if (!manages(actor.role, found.role)) throw refuse(actor.role);
    await this.deps.records.putInvitation({ ...found, state: 2 });
    return found;
  }

  /**
   * The live invitation a link holds. An invitation whose inviter has since been removed, or can
   * no longer give its role, is dead as if revoked.
   */
  async live(token: string): Promise<InvitationRecord> {
    const { records } = this.deps;
    const found = token ? await records.getInvitation({ token_hash: hashSecret(token) }) : undefined;
    const inviter = found && (await records.getUser(found.invited_by));
    if (!found || found.state === 2 || !inviter || !manages(inviter.role, found.role)) {
      throw new LagomError(404, 'invitation_not_found', 'This invitation link is unknown or was revoked');
    }
    if (found.state === 1) throw new LagomError(410, 'invitation_used', 'This invitation link was used already; sign in instead');
    if (found.expires_at <= now()) throw new LagomError(410, 'invitation_expired', `This invitation link is older than ${INVITATION_HOURS} hours; ask for a new one`);
    return found;
  }

  /** The invitee chooses a password: the account is made with the role given, and signed in. */
  async accept(ctx: Context, token: string, password: string): Promise<UserRecord> {
    const { records, auth } = this.deps;
    const invitation = await this.live(token);
    if (await records.getUser(invitation.email)) {
      throw new LagomError(409, 'person_exists', `${invitation.email} has an account already; sign in instead`);
    }
    // Spent before the account exists: a second use of the link finds it used.
    await records.putInvitation({ ...invitation, state: 1 });
    const user = newAccount(invitation.email, await hashPassword(password), invitation.role, invitation.sites);
    await records.putUser(user);
    await auth.startSession(ctx, user);
    return user;
  }

  /** The person `email` as `actor` may change or remove them, or why not. */
  private async target(actor: Principal, email: string, demotesOrRemoves: boolean): Promise<UserRecord> {
    const { records } = this.deps;
    const user = await records.getUser(email);
    if (!user) throw new LagomError(404, 'person_not_found', `No account has the email ${email}`);
    const self = user.email === actor.email;
    if (!self && !manages(actor.role, user.role)) throw refuse(actor.role);
    // Before own_account: it is the reason that holds even when asked of another owner.
    if (user.role === 'owner' && demotesOrRemoves && (await records.listUsers()).filter((u) => u.role === 'owner').length <= 1) {
      throw new LagomError(409, 'last_owner', `${email} is the last owner; make another person owner first`);
    }
    if (self) throw new LagomError(400, 'own_account', 'Nobody changes their own role or removes themselves; another owner or admin must');
    return user;
  }

  async change(actor: Principal, email: string, change: PersonChange): Promise<UserRecord> {
    const role = change.role;
    const current = await this.deps.records.getUser(email);
    const user = await this.target(actor, email, current?.role === 'owner' && role !== undefined && role !== 'owner');
    if (role !== undefined && !manages(actor.role, role)) throw refuse(actor.role);
    const next = role ?? user.role;
    if (next !== 'viewer' && change.sites?.length) throw onlyViewers();
    const sites = next === 'viewer' ? (change.sites ?? user.sites) : [];
    const updated = { ...user, role: next, sites };
    await this.deps.records.putUser(updated);
    return updated;
  }

  /** Removes the account: its sessions end (the account is gone) and its API keys are revoked. */
  async remove(actor: Principal, email: string): Promise<UserRecord> {
    const { records } = this.deps;
    const user = await this.target(actor, email, true);
    await records.removeUser(user);
    for (const key of await records.listApiKeys(user.email)) await records.revokeApiKey(key);
    await this.deps.auth.twoFactor.forget(user.email);
    return user;
  }

  /**
   * "Forgot password?": mails a one-time reset link when the account exists. Throttled like a
   * login (every request counts as a failure), and the same answer and timing either way: the
   * link is made and mailed after the answer, so no request tells which emails have accounts.
   */
  async forgot(ctx: Context, email: string, base: string): Promise<void> {
    const { records, auth, mailer, logger } = this.deps;
    if (!mailer) throw new LagomError(400, 'mail_not_configured', 'Password reset by mail needs LAGOM_SMTP_URL; ask an owner for a reset link (lagom reset-password)');
    const account = `forgot:${email}`;
    const address = auth.address(ctx);
    await auth.throttled(account, address, 'Too many reset requests from this address; try again later');
    auth.throttle.fail(account, address);
    void (async () => {
      if (!(await records.getUser(email))) return;
      const token = await issueToken(records, email, 'reset', RESET_LINK_HOURS);
      await mailer.send(resetMail({ to: email, url: `${base}/reset?token=${token}`, instance: base, hours: RESET_LINK_HOURS }));
    })().catch((err: unknown) => logger.warn({ err }, 'password reset mail failed'));
  }
}
