import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Reads a JSON file written by writeJsonFile; missing or corrupt files give undefined. */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes via a temp file and rename, so a crash never leaves a half-written file (Core does the same for banlist.json). */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, JSON.stringify(value, null, 2));
  await fs.rename(temp, file);
}
