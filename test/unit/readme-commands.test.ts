import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's "## Commands" section: its table rows and the prose under it. */
function commandsSection(): { rows: string[]; text: string } {
  const start = README.indexOf('\n## Commands\n');
  const end = README.indexOf('\n## ', start + 1);
  const text = README.slice(start, end);
  const rows = text.split('\n').filter((line) => line.startsWith('| `jobdeck'));
  return { rows, text };
}

const longFlag = (flags: string): string | null => /--[a-z][a-z-]*/.exec(flags)?.[0] ?? null;

describe('the README command table matches the CLI definition', () => {
  const program = buildProgram(() => undefined);
  const { rows, text } = commandsSection();

  it('has a row for every command, naming each of its options', () => {
    expect(rows.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const command of program.commands) {
      const name = command.name();
      const mine = rows.filter(
        (row) => row.includes(`jobdeck ${name}`) || row.includes(`(\`jobdeck ${name}\`)`),
      );
      if (mine.length === 0) missing.push(`no row for jobdeck ${name}`);
      const documented = mine.join('\n');
      for (const option of command.options) {
        const flag = longFlag(option.flags);
        if (flag === null || option.hidden) continue;
        const bare = flag.replace(/^--no-/, '--');
        if (!documented.includes(flag) && !documented.includes(bare))
          missing.push(`jobdeck ${name} ${flag}`);
      }
    }
    expect(missing, 'README.md "Commands" lacks these (add them to the table)').toEqual([]);
  });

  it('names every global flag, and no command the CLI lacks', () => {
    for (const option of program.options) {
      const flag = longFlag(option.flags);
      if (flag === null) continue;
      expect(text.includes(`\`${flag}`), `README.md Commands: global flag ${flag} missing`).toBe(
        true,
      );
    }
    const known = new Set(program.commands.map((c) => c.name()));
    for (const row of rows) {
      const first = /^\| `jobdeck(?: ([a-z-]+))?/.exec(row)?.[1];
      if (first !== undefined)
        expect(known, `README.md documents unknown command ${first}`).toContain(first);
    }
  });
});
