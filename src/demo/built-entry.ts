import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file of the built tree that the demo runs as a child process: `dist/<path>`. Run
 * from dist this module is `dist/demo/built-entry.js`; run from the sources (tests), it
 * points at dist's copy, which `npm test` builds first.
 */
export function builtEntry(path: string): string {
  const here = fileURLToPath(import.meta.url);
  const root = here.endsWith('.js')
    ? join(dirname(here), '..')
    : resolve(dirname(here), '../../dist');
  return join(root, path);
}
