import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keymap, type CommandId } from '../../src/ui/keymap.js';
import { helpSections } from '../../src/ui/view-models/help-sections.js';
import { keymapMarkdown } from '../../src/ui/view-models/keymap-markdown.js';

const README = new URL('../../README.md', import.meta.url);
const START = '<!-- keymap:start -->';
const END = '<!-- keymap:end -->';
const REGENERATE = 'UPDATE_README=1 npx vitest run test/ui/keymap.test.ts';

/** Every command; the compiler fails here when one is added to CommandId and not listed. */
const COMMANDS: Record<CommandId, true> = {
  help: true,
  'focus-next': true,
  'focus-prev': true,
  'select-up': true,
  'select-down': true,
  details: true,
  'restart-container': true,
  'restart-service': true,
  'cleanup-stuck': true,
  'test-alert': true,
  'silence-alerts': true,
  pause: true,
  filter: true,
  'clear-filter': true,
  quit: true,
  'target-prev': true,
  'target-next': true,
  'target-number': true,
  overview: true,
  'fleet-up': true,
  'fleet-down': true,
  'fleet-open': true,
  'fleet-number': true,
  'fleet-help': true,
  'fleet-quit': true,
  'details-close': true,
  'help-close': true,
  'filter-apply': true,
  'filter-cancel': true,
  'filter-erase': true,
  'confirm-yes': true,
  'confirm-no': true,
  'typed-submit': true,
  'typed-cancel': true,
  'typed-erase': true,
};

describe('keymap', () => {
  it('binds and describes every command', () => {
    for (const id of Object.keys(COMMANDS)) {
      const binding = keymap.find((b) => b.id === id);
      expect(binding, `no binding for ${id}`).toBeDefined();
      expect(binding?.keys.length, `${id} has no key`).toBeGreaterThan(0);
      expect(binding?.description.trim(), `${id} has no description`).not.toBe('');
    }
    expect(keymap.map((b) => b.id).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('has no key twice in one scope', () => {
    const seen = new Map<string, string>();
    for (const b of keymap) {
      for (const key of b.keys) {
        const where = `${b.scope}:${key}`;
        expect(
          seen.get(where),
          `${key} is bound to ${seen.get(where) ?? ''} and ${b.id} in ${b.scope}`,
        ).toBeUndefined();
        seen.set(where, b.id);
      }
    }
  });

  it('marks the action keys dangerous and ties them to their action', () => {
    const actionKeys = keymap.filter((b) => b.requires !== undefined);
    expect(actionKeys.map((b) => [b.id, b.keys.join(' '), b.requires])).toEqual([
      ['restart-container', 'r', 'restartContainer'],
      ['restart-service', 'R', 'restartService'],
      ['cleanup-stuck', 'c', 'cleanupStuck'],
      ['test-alert', 't', 'testAlert'],
      ['silence-alerts', 's', 'silenceAlerts'],
    ]);
    for (const b of actionKeys) expect(b.dangerous).toBe(true);
  });

  it('the help leaves out the action keys in read-only mode', () => {
    const text = (actions: Parameters<typeof helpSections>[1]) =>
      JSON.stringify(helpSections(keymap, actions, false));
    expect(text({})).not.toContain('restart');
    expect(text({})).not.toContain('stuck jobs');
    const all = text({
      restartContainer: () => {
        throw new Error('not called');
      },
      cleanupStuck: () => {
        throw new Error('not called');
      },
    });
    expect(all).toContain('restart the selected container');
    expect(all).toContain('mark stuck jobs failed');
  });

  it('the target keys and the fleet overview show only when several targets are open', () => {
    const single = helpSections(keymap, {}, false);
    const fleet = helpSections(keymap, {}, false, true);
    const rows = (sections: typeof single) =>
      sections.flatMap((s) => s.rows.map((r) => `${s.title}: ${r.keys} ${r.description}`));
    expect(single.map((s) => s.title)).not.toContain('fleet overview');
    expect(rows(single).join('\n')).not.toMatch(/target|\[|\]/);
    expect(fleet.map((s) => s.title)).toContain('fleet overview');
    expect(rows(fleet)).toEqual(
      expect.arrayContaining([
        'dashboard: [ the previous target (wraps around)',
        'dashboard: ] the next target (wraps around)',
        'dashboard: 1…9 jump to target N',
        'dashboard: o back to the fleet overview',
        'fleet overview: Enter open the selected target',
        'fleet overview: 1…9 open target N',
      ]),
    );
    for (const b of keymap.filter((x) => x.scope === 'fleet')) expect(b.fleet).toBe(true);
  });

  it('the README key table is generated from the keymap and up to date', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md lacks ${START}`).toBeGreaterThanOrEqual(0);
    expect(end, `README.md lacks ${END}`).toBeGreaterThan(start);
    const current = readme.slice(start + START.length, end).trim();
    const wanted = keymapMarkdown(keymap);
    if (process.env.UPDATE_README === '1' && current !== wanted) {
      writeFileSync(
        README,
        `${readme.slice(0, start + START.length)}\n${wanted}\n${readme.slice(end)}`,
      );
      return;
    }
    expect(current, `README.md's key table is stale: run ${REGENERATE}`).toBe(wanted);
  });
});
