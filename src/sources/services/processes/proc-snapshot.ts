import type { ProcStat } from '../proc/parse-proc-stat.js';
import { readCmdline } from '../proc/read-cmdline.js';
import { scanProcTable } from '../proc/scan-proc-table.js';

/**
 * The process table as one `list()` saw it: every stat from one scan, command lines read
 * once each and only when a `match` group asks for them.
 */
export class ProcSnapshot {
  readonly table: ReadonlyMap<number, ProcStat>;
  readonly #procRoot: string;
  readonly #cmdlines = new Map<number, string | null>();

  constructor(procRoot: string) {
    this.#procRoot = procRoot;
    this.table = scanProcTable(procRoot);
  }

  cmdline(pid: number): string | null {
    if (!this.#cmdlines.has(pid)) this.#cmdlines.set(pid, readCmdline(pid, this.#procRoot));
    return this.#cmdlines.get(pid) ?? null;
  }
}
