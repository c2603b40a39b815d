import type { Level } from './view-models/level.js';
import type { TerminalStyle } from './view-models/terminal-style.js';

export interface BorderChars {
  readonly topLeft: string;
  readonly topRight: string;
  readonly horizontal: string;
}

export interface Theme {
  readonly color: boolean;
  readonly ascii: boolean;
  /** Ink colour per level; undefined = the terminal's default (the plain palette). */
  readonly level: Readonly<Record<Level, string | undefined>>;
  /** The focused panel's border and title. */
  readonly accent: string | undefined;
  /** Ink's border style for the sides and bottom of panels. */
  readonly borderStyle: 'round' | 'classic';
  /** The top line of a panel, drawn by Panel to carry the title. */
  readonly border: BorderChars;
}

/**
 * Colours and glyphs from the terminal style: with NO_COLOR (or --no-color) every colour
 * is undefined and only bold, dim and inverse remain; ASCII swaps the box drawing.
 */
export function createTheme(style: TerminalStyle): Theme {
  const c = (name: string): string | undefined => (style.color ? name : undefined);
  return {
    color: style.color,
    ascii: style.ascii,
    level: {
      ok: c('green'),
      warn: c('yellow'),
      fail: c('red'),
      unknown: c('gray'),
      none: undefined,
    },
    accent: c('cyan'),
    borderStyle: style.ascii ? 'classic' : 'round',
    border: style.ascii
      ? { topLeft: '+', topRight: '+', horizontal: '-' }
      : { topLeft: '╭', topRight: '╮', horizontal: '─' },
  };
}
