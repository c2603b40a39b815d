import type { DemoWorkerFault, DemoWorkerState } from './demo-worker.js';

/**
 * One worker_wrapper replica as the incidents see it: in the same process (a DemoWorker)
 * or a real child process (a DemoWorkerProcess, what `jobdeck demo` runs).
 */
export interface DemoFleetMember {
  readonly name: string;
  state(): DemoWorkerState;
  /** Dooms the worker (see DemoWorker.kill); false when it is dead or doomed already. */
  kill(fault: DemoWorkerFault): boolean;
  /**
   * Makes its next `times` starts fail within seconds, as a bad deploy does; only real
   * processes can (absent otherwise). False when it is already crash-looping.
   */
  crashLoop?(times: number): boolean;
}
