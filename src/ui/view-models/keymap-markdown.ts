import type { KeyBinding } from '../keymap.js';
import { keyLabels } from './key-labels.js';
import { scopeTitle } from './scope-title.js';

/**
 * The README's key table (between `<!-- keymap:start -->` and `<!-- keymap:end -->`),
 * generated from the keymap so the two cannot drift apart.
 */
export function keymapMarkdown(bindings: readonly KeyBinding[]): string {
  const rows = bindings.map((b) => {
    const keys = keyLabels(b.keys, true)
      .map((k) => `\`${k}\``)
      .join(' ');
    const note =
      b.requires !== undefined
        ? 'changes things: asks first, audited; not in read-only mode'
        : b.fleet === true
          ? 'with several targets'
          : '';
    return `| ${keys} | ${scopeTitle(b.scope)} | ${b.description.replaceAll('|', '\\|')} | ${note} |`;
  });
  return [
    'Generated from `src/ui/keymap.ts` (the `?` overlay shows the same list, without the',
    'keys that are off in read-only mode, and without the target keys when one target is',
    'open). While a dialog is open it takes every key and its rows stop moving; results',
    'appear in the flash line above the status bar.',
    '',
    '| keys | where | what | |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'To give a teammate a view without a shell, force read-only mode for their key in',
    '`~/.ssh/authorized_keys` (`restrict` turns off forwarding and the terminal, `pty` gives',
    'the terminal back, which the dashboard needs):',
    '',
    '```',
    'command="jobdeck --read-only",restrict,pty ssh-ed25519 AAAA… alice@laptop',
    '```',
  ].join('\n');
}
