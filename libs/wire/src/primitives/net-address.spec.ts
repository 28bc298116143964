import {
  BufferReader,
  BufferWriter,
  NET_ADDRESS_BYTES,
  TIMED_NET_ADDRESS_BYTES,
  WireErrorCode,
  bytesToIp,
  ipToBytes,
  readNetAddress,
  readTimedNetAddress,
  writeNetAddress,
  writeTimedNetAddress,
} from '@mbc/wire';

/** text as we print it · 16 wire bytes. */
const IPS: Array<[string, string]> = [
  ['127.0.0.1', '00000000000000000000ffff7f000001'], // IPv4 travels IPv4-mapped
  ['10.244.1.7', '00000000000000000000ffff0af40107'],
  ['::1', '00000000000000000000000000000001'],
  ['::', '00000000000000000000000000000000'],
  ['2001:db8::1', '20010db8000000000000000000000001'],
  ['2001:db8:0:1:1:1:1:1', '20010db8000000010001000100010001'], // a single zero group is not compressed
  ['fe80::1:0:0:2', 'fe800000000000000001000000000002'], // the longest zero run is compressed
];

describe('IP addresses', () => {
  it.each(IPS)('%s <-> %s', (ip, hex) => {
    expect(ipToBytes(ip).toString('hex')).toBe(hex);
    expect(bytesToIp(Buffer.from(hex, 'hex'))).toBe(ip);
  });

  it.each([
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['::FFFF:1.2.3.4', '00000000000000000000ffff01020304'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
    ['fe80::1%eth0', 'fe800000000000000000000000000001'],
  ])('parses the alternative form %s', (ip, hex) => {
    expect(ipToBytes(ip).toString('hex')).toBe(hex);
  });

  it.each(['1.2.3', 'example.com', '1::2::3', ''])('refuses %p', (ip) => {
    expect(() => ipToBytes(ip)).toThrow(expect.objectContaining({ code: WireErrorCode.InvalidValue }));
  });
});

describe('network addresses', () => {
  const fields = [
    ['time 1700000000', '00f15365'],
    ['services NODE_NETWORK|NODE_WITNESS', '0900000000000000'],
    ['ip ::ffff:192.168.1.2', '00000000000000000000ffffc0a80102'],
    ['port 18444 (big-endian)', '480c'],
  ];
  const timed = { time: 1_700_000_000, services: 9n, ip: '192.168.1.2', port: 18444 };

  it('writes and reads the addr form (with time)', () => {
    const hex = fields.map(([, h]) => h).join('');
    const w = new BufferWriter(TIMED_NET_ADDRESS_BYTES);
    writeTimedNetAddress(w, timed);
    expect(w.finish().toString('hex')).toBe(hex);
    expect(readTimedNetAddress(new BufferReader(Buffer.from(hex, 'hex')))).toEqual(timed);
  });

  it('writes and reads the version form (without time)', () => {
    const hex = fields.slice(1).map(([, h]) => h).join('');
    const w = new BufferWriter(NET_ADDRESS_BYTES);
    const { time: _time, ...untimed } = timed;
    writeNetAddress(w, untimed);
    expect(w.finish().toString('hex')).toBe(hex);
    expect(readNetAddress(new BufferReader(Buffer.from(hex, 'hex')))).toEqual(untimed);
  });
});
