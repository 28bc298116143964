import { P2PErrorCode } from '../errors';
import { endpointKey, isAcceptableAddress, parseEndpoint } from './endpoint';

describe('parseEndpoint', () => {
  it.each([
    ['10.0.0.1', { host: '10.0.0.1', port: 18444 }],
    ['10.0.0.1:8333', { host: '10.0.0.1', port: 8333 }],
    ['seed.example.org:1', { host: 'seed.example.org', port: 1 }],
    ['node-0.mbc.default.svc', { host: 'node-0.mbc.default.svc', port: 18444 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 18444 }],
    ['::ffff:1.2.3.4', { host: '1.2.3.4', port: 18444 }],
  ])('%s', (text, expected) => {
    expect(parseEndpoint(text, 18444)).toEqual(expected);
  });

  it.each(['', 'host:0', 'host:65536', 'host:port', 'a b:1', '[::1'])('refuses %j with INVALID_ADDRESS', (text) => {
    expect(() => parseEndpoint(text, 18444)).toThrow(expect.objectContaining({ code: P2PErrorCode.InvalidAddress }));
  });

  it('brackets IPv6 in keys', () => {
    expect(endpointKey({ host: '::1', port: 1 })).toBe('[::1]:1');
    expect(endpointKey({ host: '1.2.3.4', port: 1 })).toBe('1.2.3.4:1');
  });
});

describe('isAcceptableAddress', () => {
  it.each([
    ['8.8.8.8', false, true],
    ['10.1.2.3', false, false],
    ['10.1.2.3', true, true],
    ['172.20.0.1', false, false],
    ['192.168.1.1', true, true],
    ['100.64.0.1', false, false],
    ['127.0.0.1', false, false],
    ['127.0.0.1', true, true],
    ['::1', true, true],
    ['fd00::1', false, false],
    ['2001:db8::1', false, true],
    ['0.0.0.0', true, false],
    ['not-an-ip', true, false],
  ])('%s allowPrivate=%s → %s', (ip, allowPrivate, expected) => {
    expect(isAcceptableAddress(ip, allowPrivate)).toBe(expected);
  });
});
