const LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  tab: 'Tab',
  'shift+tab': 'Shift-Tab',
  return: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  'ctrl+c': 'Ctrl-C',
};
const ASCII: Record<string, string> = { up: 'Up', down: 'Down', left: 'Left', right: 'Right' };

/** How a key name is shown to people: `Enter`, `Shift-Tab`, `↑` (`Up` in ASCII). */
export function keyLabel(key: string, ascii = false): string {
  return (ascii ? ASCII[key] : undefined) ?? LABELS[key] ?? key;
}
