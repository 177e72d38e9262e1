import { describe, expect, it } from 'vitest';
import { groupsOf, openFlow, roleFor, sealFlow, verifiedEmail } from '../../../server/auth/oidc-claims.js';

const MAPPING = { owner: ['root'], admin: ['analytics'], viewer: ['staff', 'interns'] };

describe('single sign-on claims', () => {
  it.each([
    [['staff'], 'viewer'],
    [['staff', 'analytics'], 'admin'],
    [['interns', 'root', 'analytics'], 'owner'],
    [['sales'], undefined],
    [[], undefined],
  ])('groups %j give %s: the highest mapped, none when no group is mapped', (groups, role) => {
    expect(roleFor(groups, MAPPING)).toBe(role);
  });

  it('reads the groups claim as a list, one string, a namespaced name or a dotted path', () => {
    expect(groupsOf({ groups: ['a', 2, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsOf({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(groupsOf({ 'https://example.com/roles': ['x'] }, 'https://example.com/roles')).toEqual(['x']);
    expect(groupsOf({ realm_access: { roles: ['y'] } }, 'realm_access.roles')).toEqual(['y']);
    expect(groupsOf({ realm_access: 'y' }, 'realm_access.roles')).toEqual([]);
    expect(groupsOf({}, 'groups')).toEqual([]);
  });

  it('believes an email only when the provider does not say it is unverified', () => {
    expect(verifiedEmail({ email: 'Ann@Example.com', email_verified: true })).toBe('ann@example.com');
    expect(verifiedEmail({ email: 'ann@example.com', email_verified: 'true' })).toBe('ann@example.com');
    expect(verifiedEmail({ email: 'ann@example.com' })).toBe('ann@example.com');
    expect(verifiedEmail({ email: 'ann@example.com', email_verified: false })).toBeUndefined();
    expect(verifiedEmail({ email: 'ann@example.com', email_verified: 'false' })).toBeUndefined();
    expect(verifiedEmail({ email: 'not an address' })).toBeUndefined();
    expect(verifiedEmail({ sub: 'ann' })).toBeUndefined();
  });

  it('opens only its own unexpired flow cookie', () => {
    const flow = { state: 's', nonce: 'n', verifier: 'v', expires: 1000 };
    const sealed = sealFlow(flow, 'secret');
    expect(openFlow(sealed, 'secret', 999)).toEqual(flow);
    expect(openFlow(sealed, 'secret', 1001)).toBeUndefined();
    expect(openFlow(sealed, 'other secret', 999)).toBeUndefined();
    const [, mac] = sealed.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...flow, state: 'mine' })).toString('base64url')}.${mac}`;
    expect(openFlow(forged, 'secret', 999)).toBeUndefined();
    expect(openFlow(undefined, 'secret', 999)).toBeUndefined();
    expect(openFlow(sealFlow({ ...flow, nonce: '' }, 'secret'), 'secret', 999)).toBeUndefined();
  });
});
