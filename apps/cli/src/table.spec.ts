import { formatFields, formatTable } from './table';

describe('formatTable', () => {
  it('sizes each column to its widest cell and right-aligns numeric columns', () => {
    const table = formatTable(
      [{ header: 'ID', align: 'right' }, { header: 'ADDRESS' }],
      [
        ['7', '127.0.0.1:18444'],
        ['12', '[::1]:1'],
      ],
    );
    expect(table.split('\n')).toEqual(['ID  ADDRESS', ' 7  127.0.0.1:18444', '12  [::1]:1']);
  });

  it('ignores ANSI colour codes when measuring', () => {
    const table = formatTable([{ header: 'A' }, { header: 'B' }], [['\x1b[32mok\x1b[0m', 'x']]);
    expect(table.split('\n')[1]).toBe('\x1b[32mok\x1b[0m  x');
  });
});

describe('formatFields', () => {
  it('aligns values and continues multi-line values under the first line', () => {
    expect(formatFields([['height', '5'], ['transactions', 'aa\nbb']])).toBe('height        5\ntransactions  aa\n              bb');
  });
});
