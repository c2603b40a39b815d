/**
 * For tables whose creation column is not indexed but whose id is serial: "new rows"
 * are those above a floor. The floor trails the highest id by the look-back, so a
 * transaction that commits late (a lower id appearing after a higher one) is still read.
 */
export class SerialFloor {
  private floorId = 0;
  private readonly history: { atUs: number; maxId: number }[] = [];

  constructor(
    private readonly lookbackUs: number,
    private readonly margin = 1000,
  ) {}

  get value(): number {
    return this.floorId;
  }

  /** After a full recount up to `maxId`: start just below it. */
  reset(maxId: number): void {
    this.floorId = Math.max(0, maxId - this.margin);
    this.history.length = 0;
  }

  /** Every read: remember the max id; raise the floor to the max seen a look-back ago. */
  observe(nowUs: number, maxId: number): void {
    this.history.push({ atUs: nowUs, maxId });
    const horizon = nowUs - this.lookbackUs;
    while (this.history.length > 1 && (this.history[1]?.atUs ?? Infinity) <= horizon)
      this.history.shift();
    const oldest = this.history[0];
    if (oldest !== undefined && oldest.atUs <= horizon)
      this.floorId = Math.max(this.floorId, oldest.maxId);
  }
}
