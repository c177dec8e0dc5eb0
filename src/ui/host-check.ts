/**
 * Who may talk to the viewer. It binds to loopback unless told otherwise, and it answers only
 * requests whose `Host` header names loopback: a web page that rebinds its own DNS name to
 * 127.0.0.1 (DNS rebinding) then gets a refusal instead of the user's sessions.
 */
import * as net from 'node:net';

/** `127.x.x.x`, `::1`, `localhost`: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** Whether a request's `Host` header names this server by a loopback name and the port it listens on. */
export function hostAllowed(header: string | undefined, port: number): boolean {
  if (header === undefined) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim());
  if (!match) return false;
  const requestPort = match[2] === undefined ? 80 : Number(match[2]);
  return requestPort === port && isLoopback(match[1]!);
}

/** The address as it goes in a URL (`[::1]` for IPv6). */
export function urlHost(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}
