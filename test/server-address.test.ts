/** `server.address` and `server.port` from a client's base URL: the one helper every provider uses. */
import { serverAddress } from '../instrumentations/base/server-address';

describe('serverAddress', () => {
  it.each([
    ['https://api.openai.com/v1', { address: 'api.openai.com', port: 443 }],
    ['http://127.0.0.1:8080', { address: '127.0.0.1', port: 8080 }],
    ['http://LocalHost/v1', { address: 'localhost', port: 80 }],
    ['https://gateway.example.com:8443/anthropic', { address: 'gateway.example.com', port: 8443 }],
    [new URL('http://mcp.example.com:3000/mcp'), { address: 'mcp.example.com', port: 3000 }],
  ])('reads the host and port of %s', (url, expected) => {
    expect(serverAddress(url)).toEqual(expected);
  });

  it('gives nothing for what is not a URL, and never throws', () => {
    expect(serverAddress('not a url')).toEqual({});
    expect(serverAddress(undefined)).toEqual({});
    expect(serverAddress(42)).toEqual({});
  });
});
