/** The fields of Ink's `Key` that name a key (view-models do not import Ink). */
export interface KeyLike {
  readonly upArrow: boolean;
  readonly downArrow: boolean;
  readonly leftArrow: boolean;
  readonly rightArrow: boolean;
  readonly pageUp: boolean;
  readonly pageDown: boolean;
  readonly home: boolean;
  readonly end: boolean;
  readonly return: boolean;
  readonly escape: boolean;
  readonly ctrl: boolean;
  readonly shift: boolean;
  readonly tab: boolean;
  readonly backspace: boolean;
  readonly delete: boolean;
  readonly meta: boolean;
}

/**
 * One name per key press, as the keymap spells keys: `r`, `R`, `?`, `up`, `shift+tab`,
 * `return`, `escape`, `backspace`, `ctrl+c`. Many terminals send DEL for Backspace,
 * which Ink may report as `delete`, so both erase.
 */
export function keyName(input: string, key: KeyLike): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input !== '') return `ctrl+${input.toLowerCase()}`;
  if (key.meta && input !== '') return `meta+${input}`;
  return input;
}
