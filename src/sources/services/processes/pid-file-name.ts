import { basename } from 'node:path';

/** Pure: an instance's name from its pid file (`/run/app/worker-2.pid` → `worker-2`). */
export function pidFileName(path: string): string {
  return basename(path).replace(/\.pid$/, '');
}
