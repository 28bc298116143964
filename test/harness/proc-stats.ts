import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Resident set size of a process in KiB, from /proc/<pid>/status (Linux). */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** Open socket descriptors of a process: /proc/<pid>/fd entries linking to `socket:[inode]`. */
export function socketCount(pid: number): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) count++;
    } catch {
      // The descriptor closed between readdir and readlink: it is not open any more.
    }
  }
  return count;
}
