/**
 * The fleet root's own state (`jobdeck` with several targets): which target's dashboard
 * shows, if any, and the overview's selection, by name (STYLE.md habit 7). Each
 * dashboard keeps its own UiState, dropped when another target is opened.
 */
export interface FleetState {
  /** The target whose dashboard is open; null: the overview shows. */
  readonly open: string | null;
  /** The overview's selected target; the one last opened, so `o` comes back to it. */
  readonly selected: string;
  readonly help: boolean;
  /** The overview's flash line (a number key past the last target, quitting). */
  readonly flash: string | null;
  /** q was pressed on the overview while an action runs: quit when it is done. */
  readonly quitting: boolean;
}
