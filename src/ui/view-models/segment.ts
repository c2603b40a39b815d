import type { Level } from './level.js';

/** A piece of a line of text with its level (the theme colours it). */
export interface Segment {
  readonly text: string;
  readonly level?: Level;
  readonly dim?: boolean;
  readonly bold?: boolean;
  /** Badges (READ-ONLY, PAUSED) are drawn inverse so they show without colour too. */
  readonly inverse?: boolean;
}
