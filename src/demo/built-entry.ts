import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file of the built tree that the demo runs as a child process: `dist/<file>`. Run
 * from dist (the bundle, whose chunks all sit in dist/ itself) this module's code is in
 * `dist/<chunk>.js`; run from the sources (tests), it points at dist's copy, which
 * `npm test` builds first.
 */
export function builtEntry(file: string): string {
  const here = fileURLToPath(import.meta.url);
  const root = here.endsWith('.ts') ? resolve(dirname(here), '../../dist') : dirname(here);
  return join(root, file);
}
