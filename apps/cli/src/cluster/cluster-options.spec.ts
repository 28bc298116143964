import { ExitCode } from '../errors';
import { fixedPorts, parseClusterOptions } from './cluster-options';

describe('parseClusterOptions', () => {
  it('applies the defaults', () => {
    const options = parseClusterOptions([]);
    expect(options).toMatchObject({ nodes: 3, miners: 1, basePort: 0, logLevel: 'warn', exitWhenAgreed: false, reset: false });
    expect(options.dataDir.endsWith('.mbc/cluster')).toBe(true);
    expect(options.mine).toBeUndefined();
  });

  it('reads every option', () => {
    const options = parseClusterOptions(['--nodes', '5', '--mine', '2s', '--miners', '2', '--base-port', '20000', '--data-dir', '/tmp/x', '--exit-when-agreed']);
    expect(options).toMatchObject({ nodes: 5, mine: '2s', miners: 2, basePort: 20000, dataDir: '/tmp/x', exitWhenAgreed: true });
  });

  it.each([
    [['--nodes', '0'], '--nodes'],
    [['--nodes', 'five'], '--nodes'],
    [['--mine', 'often'], '--mine'],
    [['--miners', '4'], '--miners'],
    [['--base-port', '65534', '--nodes', '2'], '--base-port'],
    [['--bogus'], 'bogus'],
  ])('rejects %j with a usage error naming %s', (argv, name) => {
    expect(() => parseClusterOptions(argv)).toThrow(expect.objectContaining({ exitCode: ExitCode.Usage, message: expect.stringContaining(name) }));
  });

  it('gives node i three consecutive ports from the base', () => {
    expect(fixedPorts(20000, 2)).toEqual({ p2pPort: 20006, restPort: 20007, grpcPort: 20008 });
  });
});
