import type { Thresholds } from '../config/thresholds-schema.js';
import type { DockerContainer, DockerSnapshot } from '../sources/docker/docker-snapshot.js';
import type { ConfiguredProbeResult } from '../sources/probes/run-configured-probes.js';
import type { QueueReading } from '../sources/queue/queue-collector.js';
import { failedResult, okResult, type SourceResult } from '../shared/source-result.js';
import type { AppHistory, AppSnapshot } from './app-snapshot.js';
import { deriveReadiness } from './derive-readiness.js';
import { computeVerdict } from './readiness-verdict.js';
import { appendSample } from './series.js';
import { nextSourceState, type SourceState } from './source-state.js';

/** Samples kept in memory for the sparklines (at 2 s: 10 minutes). */
export const HISTORY_CAPACITY = 300;

/** Pure folds of one collector's value into the snapshot (the store calls them). */
export function foldQueue(s: AppSnapshot, reading: QueueReading): AppSnapshot {
  return { ...s, queue: nextSourceState(s.queue, reading.queue), database: reading.database };
}

export function foldDocker(s: AppSnapshot, result: SourceResult<DockerSnapshot>): AppSnapshot {
  return { ...s, docker: nextSourceState(s.docker, result) };
}

export function foldProbes(
  s: AppSnapshot,
  result: SourceResult<readonly ConfiguredProbeResult[]>,
): AppSnapshot {
  return { ...s, probes: nextSourceState(s.probes, result) };
}

/** A source state back as the result it came from (what the readiness rules read). */
function resultOf<T>(state: SourceState<T>): SourceResult<T> | null {
  if (state.status === 'ok') return okResult(state.data, state.at, 0);
  if (state.status === 'failed') return failedResult(state.error, state.at, state.last?.at ?? null);
  return null;
}

/** The readiness checks and verdict: a pure selector over the rest of the snapshot. */
export function withReadiness(s: AppSnapshot, thresholds: Thresholds): AppSnapshot {
  const readiness = deriveReadiness({
    queue: resultOf(s.queue),
    database: s.database,
    probes: s.probes.status === 'ok' ? s.probes.data : [],
    thresholds,
    docker: resultOf(s.docker),
  });
  return { ...s, readiness, verdict: readiness.length === 0 ? null : computeVerdict(readiness) };
}

/** One sample per series at `at`; what a source cannot say now is a gap. */
export function sampleHistory(s: AppSnapshot, at: number): AppHistory {
  const q = s.queue.status === 'ok' ? s.queue.data : null;
  const d = s.docker.status === 'ok' ? s.docker.data : null;
  const workers =
    d?.services.filter((svc) => svc.role === 'worker').flatMap((svc) => svc.containers) ?? [];
  const sum = (pick: (c: DockerContainer) => number | null | undefined): number | null => {
    const values = workers
      .map(pick)
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  const h = s.history;
  const add = (series: AppHistory[keyof AppHistory], value: number | null) =>
    appendSample(series, at, value, HISTORY_CAPACITY);
  const failureRate = q?.window.failureRate ?? null;
  return {
    queueDepth: add(h.queueDepth, q?.waiting ?? null),
    throughput: add(h.throughput, q?.window.throughputPerMin ?? null),
    failureRate: add(h.failureRate, failureRate === null ? null : failureRate * 100),
    workerCpu: add(
      h.workerCpu,
      sum((c) => c.resources?.cpuPercent),
    ),
    workerMemory: add(
      h.workerMemory,
      sum((c) => c.resources?.memoryMiB),
    ),
  };
}
