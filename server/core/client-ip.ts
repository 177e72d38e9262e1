import type { IncomingMessage } from 'node:http';

/**
 * The client's address: the socket's, unless the owner said how many reverse proxies stand in
 * front (LAGOM_TRUST_PROXY). Then it is the address the outermost trusted proxy saw, taken from
 * the right of X-Forwarded-For (or Forwarded), so a client cannot choose its own address by
 * sending the header itself.
 */
export function clientIp(req: IncomingMessage, trustedProxies: number): string {
  const socket = req.socket.remoteAddress ?? '';
  if (trustedProxies <= 0) return socket;
  const chain = forwardedChain(req);
  if (chain.length === 0) return socket;
  const index = Math.max(0, chain.length - trustedProxies);
  return chain[index] ?? socket;
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
