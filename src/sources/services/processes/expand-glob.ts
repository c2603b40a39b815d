import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { globToRegExp } from './glob-to-regexp.js';

function hasWildcard(segment: string): boolean {
  return segment.includes('*') || segment.includes('?');
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The regular files matching a path glob (`*`, `?` in any segment), sorted. A directory
 * that does not exist matches nothing (the app is not running yet); any other read error
 * (EACCES) is thrown. Hand-rolled rather than `fs.promises.glob`, which is still
 * experimental in Node 22 and prints a warning over the dashboard.
 */
export async function expandGlob(pattern: string): Promise<string[]> {
  const absolute = resolve(pattern);
  const segments = absolute.split(sep).filter((segment) => segment !== '');
  let candidates: string[] = [sep];
  for (const segment of segments) {
    if (!hasWildcard(segment)) {
      candidates = candidates.map((dir) => join(dir, segment));
      continue;
    }
    const matcher = globToRegExp(segment);
    const next: string[] = [];
    for (const dir of candidates) {
      let entries: string[];
      try {
        entries = await readdir(dir);
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      // Like a shell: a wildcard does not match a leading dot unless the pattern has one.
      const hidden = segment.startsWith('.');
      for (const entry of entries.sort()) {
        if (matcher.test(entry) && (hidden || !entry.startsWith('.'))) next.push(join(dir, entry));
      }
    }
    candidates = next;
  }
  const files: string[] = [];
  for (const path of candidates) {
    try {
      if ((await stat(path)).isFile()) files.push(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return files.sort();
}
