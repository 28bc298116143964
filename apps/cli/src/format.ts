/** Small, pure renderings shared by the commands and the cluster table. */

/** "3s", "4m 10s", "2h 5m", "3d 1h": how long ago, for an operator's glance. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number | string): string {
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** ISO time in UTC, seconds precision, from Unix milliseconds (int64 arrives as a string). */
export function formatTime(ms: number | string): string {
  return new Date(Number(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatPercent(ratio: number): string {
  return `${(Math.min(1, Math.max(0, ratio)) * 100).toFixed(1)}%`;
}
