import { readFileSync } from 'node:fs';

/** The audit log's entries (one JSON object per line), oldest first. */
export function readAudit(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
