import { type NodeStatus, agreedTip } from './node-status';

const up = (height: number, bestHash: string): NodeStatus => ({ state: 'up', height, bestHash });

describe('agreedTip', () => {
  it('is the shared tip once every node is up on the same hash at height >= 1', () => {
    expect(agreedTip([up(3, 'aa'), up(3, 'aa'), up(3, 'aa')])).toEqual({ height: 3, bestHash: 'aa' });
  });

  it.each([
    ['a node on another tip', [up(3, 'aa'), up(2, 'bb')]],
    ['a node unreachable', [up(3, 'aa'), { state: 'unreachable' } as NodeStatus]],
    ['everyone still at genesis', [up(0, 'gg'), up(0, 'gg')]],
    ['no nodes', []],
  ])('is undefined with %s', (_case, statuses) => {
    expect(agreedTip(statuses as NodeStatus[])).toBeUndefined();
  });
});
