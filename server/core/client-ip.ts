import type { IncomingMessage } from 'node:http';

/**
 * The client's address: the socket's, unless the owner said how many reverse proxies stand in
 * front (LAGOM_TRUST_PROXY). Then it is the address the outermost trusted proxy saw, taken from
 * the right of X-Forwarded-For (or Forwarded), so a client cannot choose its own address by
 * sending the header itself.
 */
export function clientIp(req: IncomingMessage, trustedProxies: number): string {
  const socket = req.socket.remoteAddress ?? '';
  if (trustedProxies <= 0) return unmapped(socket);
  const chain = forwardedChain(req);
  if (chain.length === 0) return unmapped(socket);
  const index = Math.max(0, chain.length - trustedProxies);
  return unmapped(chain[index] ?? socket);
}

/**
 * Dual-stack sockets report IPv4 clients as IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`):
 * one client, one form, for the rate limit, the throttle and the country look-up alike.
 */
export function unmapped(address: string): string {
  return address.length > 7 && address.slice(0, 7).toLowerCase() === '::ffff:' && address.includes('.') ? address.slice(7) : address;
}

function forwardedChain(req: IncomingMessage): string[] {
  const xff = req.headers['x-forwarded-for'];
  if (xff) {
    return (Array.isArray(xff) ? xff.join(',') : xff)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  const fwd = req.headers.forwarded;
  if (!fwd) return [];
  const out: string[] = [];
  for (const element of fwd.split(',')) {
    const m = /(?:^|;)\s*for=("?)([^";]+)\1/i.exec(element.trim());
    if (m) out.push(stripPort(m[2]!));
  }
  return out;
}

function stripPort(value: string): string {
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']'));
  const colons = value.split(':').length - 1;
  return colons === 1 ? value.split(':')[0]! : value;
}
