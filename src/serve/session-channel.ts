import type { Duplex, Writable } from 'node:stream';

/** What a session needs of an ssh2 server channel (tests can hand it a fake). */
export interface SessionChannel extends Duplex {
  readonly stderr: Writable;
  exit(status: number): void;
}
