import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp } from '../../../server/core/client-ip.js';

const req = (headers: Record<string, string>, remote = '10.0.0.1') =>
  ({ headers, socket: { remoteAddress: remote } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it('believes no header without LAGOM_TRUST_PROXY', () => {
    expect(clientIp(req({ 'x-forwarded-for': '1.2.3.4' }), 0)).toBe('10.0.0.1');
  });
  it('takes the address the outermost trusted proxy saw, not one the client wrote', () => {
    expect(clientIp(req({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4' }), 1)).toBe('1.2.3.4');
    expect(clientIp(req({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.2' }), 2)).toBe('1.2.3.4');
    expect(clientIp(req({ 'x-forwarded-for': '1.2.3.4' }), 3)).toBe('1.2.3.4');
  });
  it('reads RFC 7239 Forwarded, IPv6 and ports included', () => {
    expect(clientIp(req({ forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43' }), 1)).toBe('192.0.2.60');
    expect(clientIp(req({ forwarded: 'for="[2001:db8:cafe::17]:4711"' }), 1)).toBe('2001:db8:cafe::17');
    expect(clientIp(req({ forwarded: 'for=192.0.2.43:8080' }), 1)).toBe('192.0.2.43');
  });
});
