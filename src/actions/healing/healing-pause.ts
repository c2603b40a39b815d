import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir } from '../../shared/state-dir.js';

/** The maintenance pause of self-healing: a file holding the end time (epoch ms). */
export class HealingPause {
  constructor(readonly path: string = join(stateDir(), 'healing-paused-until')) {}

  /** Pause until `until` (Infinity: until `resume`). Written atomically (rename). */
  pause(until: number): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${String(process.pid)}`;
    writeFileSync(tmp, Number.isFinite(until) ? String(until) : 'forever');
    renameSync(tmp, this.path);
  }

  resume(): void {
    rmSync(this.path, { force: true });
  }

  /** Until when healing is paused, or null. */
  pausedUntil(now: number): number | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8').trim();
    } catch {
      return null;
    }
    if (text === 'forever') return Number.POSITIVE_INFINITY;
    const until = Number(text);
    return Number.isFinite(until) && until > now ? until : null;
  }
}
