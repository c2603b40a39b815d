import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layer boundaries (eslint.config.js)', () => {
  it('forbids node:fs in src/ui', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n";
    expect(await restrictedImports(code, 'src/ui/theme.ts')).toHaveLength(1);
  }, 60_000);

  it('forbids a value import from src/sources in src/ui', async () => {
    const code =
      "import { PostgresQueueSource } from '../sources/queue/postgres/postgres-queue-source.js';\nexport const x = PostgresQueueSource;\n";
    expect(await restrictedImports(code, 'src/ui/theme.ts')).toHaveLength(1);
  }, 60_000);

  it('allows a type import from src/sources and format-age in src/ui', async () => {
    const code =
      "import type { QueueSnapshot } from '../sources/queue/core/queue-snapshot.js';\nimport { formatAge } from '../shared/format-age.js';\nexport type X = QueueSnapshot;\nexport const f = formatAge;\n";
    expect(await restrictedImports(code, 'src/ui/theme.ts')).toEqual([]);
  }, 60_000);

  it('forbids src/sources importing src/actions', async () => {
    const code =
      "import type { Action } from '../../actions/action.js';\nexport type X = Action;\n";
    expect(await restrictedImports(code, 'src/sources/docker/map-limit.ts')).toHaveLength(1);
  }, 60_000);
});
