import { hostAllowed, isLoopback, urlHost } from '../../src/ui/host-check';

describe('who may talk to the viewer', () => {
  it('knows loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect([host, isLoopback(host)]).toEqual([host, true]);
    for (const host of ['0.0.0.0', '192.168.1.20', '::', 'example.com', '127.0.0.1.nip.io', ''])
      expect([host, isLoopback(host)]).toEqual([host, false]);
  });

  it('answers a Host header only when it names loopback and the port listened on', () => {
    expect(hostAllowed('127.0.0.1:4747', 4747)).toBe(true);
    expect(hostAllowed('localhost:4747', 4747)).toBe(true);
    expect(hostAllowed('[::1]:4747', 4747)).toBe(true);
    expect(hostAllowed('localhost', 80)).toBe(true);
    expect(hostAllowed('localhost', 4747)).toBe(false);
    expect(hostAllowed('localhost:4748', 4747)).toBe(false);
    expect(hostAllowed('attacker.example:4747', 4747)).toBe(false);
    expect(hostAllowed('127.0.0.1.attacker.example:4747', 4747)).toBe(false);
    expect(hostAllowed(undefined, 4747)).toBe(false);
  });

  it('writes IPv6 addresses in brackets in URLs', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
  });
});
