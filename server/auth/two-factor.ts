// Two-factor login (TOTP, RFC 6238): enrolment, the check at sign-in, recovery codes, switching
// off, and the owner's "required for everyone". The secret is stored sealed (sealed.ts); only
// hashes of recovery codes are kept; a code is accepted once (the last step is remembered).
import QRCode from 'qrcode';
import { LagomError } from '../core/errors.js';
import type { Records } from '../store/records.js';
import type { TwoFactorRecord, TwoFactorStore } from '../store/two-factor.js';
import { seal, unseal } from './sealed.js';
import { acceptedStep, isAppCode, newRecoveryCodes, newTotpSecret, otpauthUrl, recoveryHash } from './totp.js';
import type { Enrolment, TwoFactorStatus } from '../../protocol/account.js';
export type { Enrolment, TwoFactorStatus };

/** The instance setting the owner turns on: '1' requires two-factor login of everyone. */
export const REQUIRE_SETTING = 'require_two_factor';

/**
 * How long this node believes the owner's "required for everyone" without asking the store:
 * every signed-in request asks (AuthService.principal). A change made here counts at once;
 * made on another node, within this long (as a session signed out there: SESSION_CACHE_MS).
 */
const REQUIRED_CACHE_MS = 10_000;

/** What a code was: an app's code or one of the recovery codes (now spent). */
export type CodeKind = 'app' | 'recovery';

const qrSvg = (url: string): Promise<string> => QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 });

export class TwoFactor {
  // Checks of one account run one after another in this process, so the same code sent twice at
  // once is accepted once: read, compare and write the last step are not interleaved.
  private readonly queues = new Map<string, Promise<unknown>>();
  private requiredCache: { on: boolean; until: number } | undefined;
  private requiredWrites = 0;

  constructor(
    private readonly store: TwoFactorStore,
    private readonly records: Records,
    private readonly key: Buffer,
  ) {}

  async isOn(email: string): Promise<boolean> {
    return (await this.store.get(email))?.enabled === 1;
  }

  async required(): Promise<boolean> {
    if (this.requiredCache && this.requiredCache.until > Date.now()) return this.requiredCache.on;
    const writes = this.requiredWrites;
    const on = (await this.records.getSetting(REQUIRE_SETTING)) === '1';
    // A read that began before a change here answers what it read, but is not remembered.
    if (writes === this.requiredWrites) this.requiredCache = { on, until: Date.now() + REQUIRED_CACHE_MS };
    return on;
  }

  async setRequired(on: boolean): Promise<void> {
    // Counted before and after, so that no read overlapping the write is remembered.
    this.requiredWrites += 1;
    await this.records.putSetting(REQUIRE_SETTING, on ? '1' : '0');
    this.requiredWrites += 1;
    this.requiredCache = { on, until: Date.now() + REQUIRED_CACHE_MS };
  }

  /** A signed-in person who must enrol before anything else: required, and not on for them. */
  async mustEnrol(email: string): Promise<boolean> {
    return (await this.required()) && !(await this.isOn(email));
  }

  async status(email: string): Promise<TwoFactorStatus> {
    const row = await this.store.get(email);
    return {
      enabled: row?.enabled === 1,
      pending: row?.enabled === 0 && row.secret !== '',
      recovery_codes_left: row?.enabled === 1 ? row.recovery.length : 0,
      required: await this.required(),
    };
  }

  /** A new secret, waiting for its first code; a second setup before confirming replaces the first. */
  async setup(email: string): Promise<Enrolment> {
    if (await this.isOn(email)) throw new LagomError(409, 'two_factor_already_on', 'Two-factor login is on already; switch it off first to enrol a new app');
    const secret = newTotpSecret();
    await this.store.put({ email, secret: seal(this.key, secret, email), enabled: 0, last_step: 0, recovery: [] });
    const url = otpauthUrl(secret, email);
    return { secret, otpauth_url: url, qr_svg: await qrSvg(url) };
  }

  /** The QR code of the enrolment waiting for its first code, for the dashboard's <img>. */
  async pendingQr(email: string): Promise<string> {
    const row = await this.store.get(email);
    const secret = row && row.enabled === 0 && row.secret ? unseal(this.key, row.secret, email) : undefined;
    if (!secret) throw new LagomError(409, 'two_factor_not_on', 'No enrolment is waiting: start with POST /api/auth/two-factor/setup');
    return qrSvg(otpauthUrl(secret, email));
  }

  /** The first code from the app switches it on; answers the ten recovery codes, shown this once. */
  confirm(email: string, code: string): Promise<string[] | undefined> {
    return this.exclusive(email, async () => {
      const row = await this.store.get(email);
      if (!row || row.enabled === 1 || !row.secret) throw new LagomError(409, 'two_factor_not_on', 'No enrolment is waiting: start with POST /api/auth/two-factor/setup');
      const step = this.appStep(row, code);
      if (step === undefined) return undefined;
      const codes = newRecoveryCodes();
      await this.store.put({ ...row, enabled: 1, last_step: step, recovery: codes.map(recoveryHash) });
      return codes;
    });
  }

  /**
   * Checks and spends a code of an account that has two-factor on: an app's code (its step and
   * every earlier one no longer work) or a recovery code (removed). Undefined when it is wrong.
   */
  verify(email: string, code: string): Promise<CodeKind | undefined> {
    return this.exclusive(email, async () => {
      const row = await this.store.get(email);
      if (row?.enabled !== 1) return undefined;
      if (isAppCode(code)) {
        const step = this.appStep(row, code);
        if (step === undefined) return undefined;
        await this.store.put({ ...row, last_step: step });
        return 'app';
      }
      const hash = recoveryHash(code);
      if (!row.recovery.includes(hash)) return undefined;
      await this.store.put({ ...row, recovery: row.recovery.filter((h) => h !== hash) });
      return 'recovery';
    });
  }

  async newRecoveryCodes(email: string): Promise<string[]> {
    const row = await this.enabledRow(email);
    const codes = newRecoveryCodes();
    await this.store.put({ ...row, recovery: codes.map(recoveryHash) });
    return codes;
  }

  async switchOff(email: string): Promise<void> {
    const row = await this.enabledRow(email);
    await this.store.put({ ...row, secret: '', enabled: 0, recovery: [] });
  }

  /** A removed account's two-factor login goes with it: a new account of the email starts without. */
  async forget(email: string): Promise<void> {
    const row = await this.store.get(email);
    if (row && (row.secret || row.enabled)) await this.store.put({ ...row, secret: '', enabled: 0, recovery: [] });
  }

  async enabledRow(email: string): Promise<TwoFactorRecord> {
    const row = await this.store.get(email);
    if (row?.enabled !== 1) throw new LagomError(409, 'two_factor_not_on', 'Two-factor login is not on for this account');
    return row;
  }

  private appStep(row: TwoFactorRecord, code: string): number | undefined {
    // A secret sealed with another key (LAGOM_TWO_FACTOR_KEY changed, or the key file was not
    // restored with the data) opens no more: only a recovery code signs in then.
    const secret = unseal(this.key, row.secret, row.email);
    return secret === undefined ? undefined : acceptedStep(secret, code.replace(/\s/g, ''), row.last_step);
  }

  private exclusive<T>(email: string, task: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(email) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    this.queues.set(email, tail);
    void tail.then(() => {
      if (this.queues.get(email) === tail) this.queues.delete(email);
    });
    return run;
  }
}
