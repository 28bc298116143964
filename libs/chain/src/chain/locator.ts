/**
 * Heights of a block locator from `height` (Core's LocatorEntries): the tip and the 10 blocks
 * below it one by one, then steps that double each time (…, h-11, h-13, h-17, h-25, …), always
 * ending with genesis. Core doubles the step once more than 10 hashes are collected.
 */
export function locatorHeights(height: number): number[] {
  const heights: number[] = [];
  let step = 1;
  let h = height;
  for (;;) {
    heights.push(h);
    if (h === 0) break;
    h = Math.max(h - step, 0);
    if (heights.length > 10) step *= 2;
  }
  return heights;
}
