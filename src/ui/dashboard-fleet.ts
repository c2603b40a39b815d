/**
 * What a target's dashboard knows of the fleet it is part of (`jobdeck` with several
 * targets): its place, for the status bar (`host2 (2/3)`), and how to get to another
 * target or back to the overview. Absent for a single-target dashboard.
 */
export interface DashboardFleet {
  /** This target's index in `names` (0-based). */
  readonly index: number;
  readonly count: number;
  /** Every target, in the config file's order. */
  readonly names: readonly string[];
  /** Shows target `index`'s dashboard instead of this one. */
  readonly open: (index: number) => void;
  /** Back to the fleet overview. */
  readonly overview: () => void;
}
