export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Align;
}

/** Visible width: ANSI colour codes take no space on screen. */
function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Columns sized to their widest cell, two spaces apart, numbers right-aligned by the caller's choice. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) => Math.max(width(column.header), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => pad(cells[i] ?? '', widths[i], column.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}

/** A record as `key  value` lines, keys aligned; a multi-line value continues under its first line. */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const keyWidth = Math.max(0, ...fields.map(([key]) => width(key)));
  const indent = '\n' + ' '.repeat(keyWidth + 2);
  return fields.map(([key, value]) => `${pad(key, keyWidth, 'left')}  ${value.split('\n').join(indent)}`.trimEnd()).join('\n');
}
