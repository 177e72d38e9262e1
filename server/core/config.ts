import { resolve } from 'node:path';
import { passwordProblem } from './password-rule.js';
import { flag, loadOidcConfig, type OidcConfig } from './oidc-config.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** HTTP URL of a ClickHouse server; when absent, the embedded engine (chDB) is used */
  clickhouseUrl?: string;
  clickhouseUser: string;
  clickhousePassword: string;
  database: string;
  /** a cluster name from the server's remote_servers; with it, DDL runs ON CLUSTER */
  clickhouseCluster?: string;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: string;
  flushIntervalMs: number;
  batchSize: number;
  /** the URL people open; used in printed links and for the Secure cookie flag */
  publicUrl?: string;
  /** how many reverse proxies in front of Lagom may be believed about the client address */
  trustProxy: number;
  /** a MaxMind City (or Country) database; without it, the bundled CC0 country database */
  geoipDb?: string;
  /** events accepted per client IP per minute; 0 turns the limit off */
  rateLimitPerMinute: number;
  /** disk the spool may use before ingest answers 503 */
  spoolMaxBytes: number;
  /** rows held in memory while an insert is running; more spill to the spool */
  maxBufferRows: number;
  /** days of hourly detail before a day is rolled up into daily rows */
  hourlyDays: number;
  /** days daily rows are kept; undefined keeps them forever */
  retentionDays?: number;
  /** how often the server runs the rollup */
  rollupIntervalMs: number;
  /** /readyz fails when more batches than this wait in the spool */
  readySpoolBatches: number;
  /** when set, /metrics wants this bearer token */
  metricsToken?: string;
  /** memory one query of the embedded engine may use, in MB; 0 leaves the engine's default */
  engineMemoryMb: number;
  /** slow clients: all headers must arrive within this, the whole request within requestTimeoutMs */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** single sign-on with OpenID Connect; undefined: off */
  oidc?: OidcConfig;
  /** LAGOM_PASSWORD_LOGIN: false turns signing in with a password off (single sign-on only) */
  passwordLogin: boolean;
  /** LAGOM_SMTP_URL and LAGOM_MAIL_FROM: invitations and password resets go out by mail */
  mail?: { smtpUrl: string; from: string };
  /** LAGOM_TWO_FACTOR_KEY: seals two-factor secrets; unset, a key file in the data directory does */
  twoFactorKey?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks the configuration once; a bad value stops start-up with a message naming it. */
export function loadConfig(env: Env = process.env): Config {
  const database = env.CLICKHOUSE_DATABASE || 'lagom';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(database)) {
    throw new ConfigError(`CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, _), got "${database}"`);
  }
  const clickhouseUrl = env.CLICKHOUSE_URL || undefined;
  if (clickhouseUrl && !/^https?:\/\//.test(clickhouseUrl)) {
    throw new ConfigError(`CLICKHOUSE_URL must be an http:// or https:// URL, got "${clickhouseUrl}"`);
  }
  const clickhouseCluster = env.CLICKHOUSE_CLUSTER || undefined;
  if (clickhouseCluster && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(clickhouseCluster)) {
    throw new ConfigError(`CLICKHOUSE_CLUSTER must be a plain identifier (letters, digits, _), got "${clickhouseCluster}"`);
  }
  if (clickhouseCluster && !clickhouseUrl) {
    throw new ConfigError('CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL: the embedded engine is a single node');
  }
  const logLevel = env.LAGOM_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LAGOM_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const adminEmail = env.LAGOM_ADMIN_EMAIL || undefined;
  const adminPassword = env.LAGOM_ADMIN_PASSWORD || undefined;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError('LAGOM_ADMIN_EMAIL and LAGOM_ADMIN_PASSWORD must be set together');
  }
  const weak = adminPassword === undefined ? undefined : passwordProblem(adminPassword);
  if (weak) throw new ConfigError(`LAGOM_ADMIN_PASSWORD ${weak}`);
  const publicUrl = env.LAGOM_PUBLIC_URL || undefined;
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) {
    throw new ConfigError(`LAGOM_PUBLIC_URL must be an http:// or https:// URL, got "${publicUrl}"`);
  }
  const hourlyDays = int(env, 'LAGOM_HOURLY_DAYS', 90, 1, 36_500);
  const retention = env.LAGOM_RETENTION_DAYS ? int(env, 'LAGOM_RETENTION_DAYS', 0, 1, 36_500) : undefined;
  if (retention !== undefined && retention < hourlyDays) {
    throw new ConfigError(`LAGOM_RETENTION_DAYS (${retention}) must not be shorter than LAGOM_HOURLY_DAYS (${hourlyDays})`);
  }
  const fail = (message: string) => new ConfigError(message);
  const oidc = loadOidcConfig(env, publicUrl?.replace(/\/$/, ''), fail);
  const passwordLogin = flag(env, 'LAGOM_PASSWORD_LOGIN', true, fail);
  if (!passwordLogin && !oidc) throw new ConfigError('LAGOM_PASSWORD_LOGIN=false needs LAGOM_OIDC_ISSUER: otherwise nobody could sign in');
  const smtpUrl = env.LAGOM_SMTP_URL || undefined;
  const mailFrom = env.LAGOM_MAIL_FROM || undefined;
  if (Boolean(smtpUrl) !== Boolean(mailFrom)) {
    throw new ConfigError('LAGOM_SMTP_URL and LAGOM_MAIL_FROM must be set together');
  }
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError(`LAGOM_SMTP_URL must be an smtp:// or smtps:// URL, got "${smtpUrl.replace(/\/\/[^@/]*@/, '//…@')}"`);
  }
  const twoFactorKey = env.LAGOM_TWO_FACTOR_KEY || undefined;
  if (twoFactorKey && !/^([0-9a-fA-F]{64}|[A-Za-z0-9_-]{43})$/.test(twoFactorKey.trim())) {
    throw new ConfigError('LAGOM_TWO_FACTOR_KEY must be 32 bytes as 64 hex digits or 43 base64url characters (openssl rand -hex 32)');
  }
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.LAGOM_DATA_DIR || 'data'),
    clickhouseUrl,
    clickhouseUser: env.CLICKHOUSE_USER || 'default',
    clickhousePassword: env.CLICKHOUSE_PASSWORD || '',
    database,
    clickhouseCluster,
    adminEmail,
    adminPassword,
    logLevel,
    flushIntervalMs: int(env, 'LAGOM_FLUSH_INTERVAL_MS', 1000, 10, 3_600_000),
    batchSize: int(env, 'LAGOM_BATCH_SIZE', 1000, 1, 1_000_000),
    publicUrl: publicUrl?.replace(/\/$/, ''),
    trustProxy: int(env, 'LAGOM_TRUST_PROXY', 0, 0, 10),
    geoipDb: env.LAGOM_GEOIP_DB || undefined,
    rateLimitPerMinute: int(env, 'LAGOM_RATE_LIMIT', 600, 0, 1_000_000),
    spoolMaxBytes: int(env, 'LAGOM_SPOOL_MAX_MB', 1024, 1, 1_000_000) * 1024 * 1024,
    maxBufferRows: int(env, 'LAGOM_MAX_BUFFER_ROWS', 50_000, 100, 10_000_000),
    hourlyDays,
    retentionDays: retention,
    rollupIntervalMs: int(env, 'LAGOM_ROLLUP_INTERVAL_MINUTES', 60, 1, 10_080) * 60_000,
    readySpoolBatches: int(env, 'LAGOM_READY_SPOOL_BATCHES', 100, 0, 10_000_000),
    metricsToken: env.LAGOM_METRICS_TOKEN || undefined,
    engineMemoryMb: int(env, 'LAGOM_ENGINE_MEMORY_MB', 0, 0, 1_000_000),
    headersTimeoutMs: int(env, 'LAGOM_HEADERS_TIMEOUT_MS', 10_000, 500, 600_000),
    requestTimeoutMs: int(env, 'LAGOM_REQUEST_TIMEOUT_MS', 30_000, 1_000, 3_600_000),
    oidc,
    passwordLogin,
    mail: smtpUrl && mailFrom ? { smtpUrl, from: mailFrom } : undefined,
    twoFactorKey,
  };
}
