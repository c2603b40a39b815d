/** The per-channel outcome of one dispatch: a failing channel is reported, never thrown. */
export interface ChannelResult {
  readonly channel: string;
  readonly description: string;
  readonly ok: boolean;
  /** One redacted line: what was delivered, or why not and what to check. */
  readonly detail: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** Notices in the batch. */
  readonly events: number;
}
