import { keyLabel } from './key-label.js';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * The labels of a binding's keys, as people read them: `Enter`, `↑ k`; the nine number
 * keys of the target bindings read `1…9` (`1-9` in ASCII) rather than nine labels.
 */
export function keyLabels(keys: readonly string[], ascii = false): string[] {
  if (DIGITS.every((d) => keys.includes(d))) {
    const rest = keys.filter((k) => !DIGITS.includes(k));
    return [ascii ? '1-9' : '1…9', ...rest.map((k) => keyLabel(k, ascii))];
  }
  return keys.map((k) => keyLabel(k, ascii));
}
