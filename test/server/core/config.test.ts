import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/core/config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, hourlyDays: 90, retentionDays: undefined, trustProxy: 0, rateLimitPerMinute: 600, flushIntervalMs: 1000 });
  });
  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    [{ LAGOM_LOG_LEVEL: 'loud' }, 'LAGOM_LOG_LEVEL must be one of'],
    [{ CLICKHOUSE_URL: 'clickhouse:8123' }, 'CLICKHOUSE_URL must be an http:// or https:// URL'],
    [{ CLICKHOUSE_DATABASE: 'x; DROP' }, 'CLICKHOUSE_DATABASE must be a plain identifier'],
    [{ CLICKHOUSE_CLUSTER: 'c' }, 'CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL'],
    [{ LAGOM_ADMIN_EMAIL: 'a@b.c' }, 'LAGOM_ADMIN_EMAIL and LAGOM_ADMIN_PASSWORD must be set together'],
    [{ LAGOM_ADMIN_EMAIL: 'a@b.c', LAGOM_ADMIN_PASSWORD: 'short' }, 'LAGOM_ADMIN_PASSWORD must be at least 8'],
    [{ LAGOM_TRUST_PROXY: '-1' }, 'LAGOM_TRUST_PROXY must be a whole number'],
    [{ LAGOM_HOURLY_DAYS: '30', LAGOM_RETENTION_DAYS: '7' }, 'LAGOM_RETENTION_DAYS (7) must not be shorter'],
    [{ LAGOM_SMTP_URL: 'smtp://127.0.0.1:25' }, 'LAGOM_SMTP_URL and LAGOM_MAIL_FROM must be set together'],
    [{ LAGOM_MAIL_FROM: 'a@b.c' }, 'LAGOM_SMTP_URL and LAGOM_MAIL_FROM must be set together'],
    // The password in the URL is not repeated in the message.
    [{ LAGOM_SMTP_URL: 'http://user:secret@mail.example', LAGOM_MAIL_FROM: 'a@b.c' }, 'LAGOM_SMTP_URL must be an smtp:// or smtps:// URL, got "http://…@mail.example"'],
  ])('%j stops start-up naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
  it('reads mail as one setting, or none', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    expect(loadConfig({ LAGOM_SMTP_URL: 'smtps://u:p@mail.example:465', LAGOM_MAIL_FROM: 'Lagom <s@example.com>' }).mail).toEqual({ smtpUrl: 'smtps://u:p@mail.example:465', from: 'Lagom <s@example.com>' });
  });
});

describe('loadConfig: single sign-on', () => {
  const OIDC = {
    LAGOM_PUBLIC_URL: 'https://stats.example.com/',
    LAGOM_OIDC_ISSUER: 'https://id.example.com',
    LAGOM_OIDC_CLIENT_ID: 'lagom',
    LAGOM_OIDC_CLIENT_SECRET: 's3cret',
    LAGOM_OIDC_ADMIN_GROUPS: 'analytics, web',
  };
  it('is off without an issuer, and password sign-in on', () => {
    expect(loadConfig({})).toMatchObject({ oidc: undefined, passwordLogin: true });
  });
  it('reads the mapping, the callback address and the defaults', () => {
    expect(loadConfig(OIDC).oidc).toEqual({
      issuer: 'https://id.example.com',
      clientId: 'lagom',
      clientSecret: 's3cret',
      name: 'single sign-on',
      scopes: 'openid email profile',
      roleClaim: 'groups',
      groups: { owner: [], admin: ['analytics', 'web'], viewer: [] },
      createUsers: true,
      redirectUri: 'https://stats.example.com/api/auth/oidc/callback',
    });
    expect(loadConfig({ ...OIDC, LAGOM_PASSWORD_LOGIN: 'false' }).passwordLogin).toBe(false);
  });
  it.each([
    [{ ...OIDC, LAGOM_PUBLIC_URL: '' }, 'LAGOM_OIDC_ISSUER needs LAGOM_PUBLIC_URL'],
    [{ ...OIDC, LAGOM_OIDC_ISSUER: 'http://id.example.com' }, 'LAGOM_OIDC_ISSUER must be an https:// URL (http:// only for localhost)'],
    [{ ...OIDC, LAGOM_OIDC_ISSUER: 'id.example.com' }, 'LAGOM_OIDC_ISSUER must be a URL'],
    [{ ...OIDC, LAGOM_OIDC_CLIENT_SECRET: '' }, 'LAGOM_OIDC_ISSUER needs LAGOM_OIDC_CLIENT_ID and LAGOM_OIDC_CLIENT_SECRET'],
    [{ LAGOM_OIDC_CLIENT_ID: 'lagom' }, 'LAGOM_OIDC_CLIENT_ID and LAGOM_OIDC_CLIENT_SECRET need LAGOM_OIDC_ISSUER'],
    [{ ...OIDC, LAGOM_OIDC_ADMIN_GROUPS: ' , ' }, 'needs at least one of LAGOM_OIDC_OWNER_GROUPS'],
    [{ ...OIDC, LAGOM_OIDC_SCOPES: 'email profile' }, 'LAGOM_OIDC_SCOPES must include openid'],
    [{ ...OIDC, LAGOM_OIDC_CREATE_USERS: 'no' }, 'LAGOM_OIDC_CREATE_USERS must be true or false'],
    [{ LAGOM_PASSWORD_LOGIN: 'false' }, 'LAGOM_PASSWORD_LOGIN=false needs LAGOM_OIDC_ISSUER'],
  ])('%j stops start-up naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
