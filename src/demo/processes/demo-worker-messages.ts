import { z } from 'zod';

/** What a demo worker process is told at start, as JSON in JOBDECK_DEMO_WORKER. */
export const demoWorkerSpecSchema = z.strictObject({
  name: z.string().min(1),
  /** The demo database (carries a password: never logged). */
  url: z.string().min(1),
  speed: z.number().positive(),
  pidFile: z.string().min(1),
  /** This start fails after so many ms (a crash loop); null for a healthy start. */
  crashAfterMs: z.number().nonnegative().nullable(),
  /** Seeds the worker's randomness, so replicas started together do not run in lockstep. */
  seed: z.number().int(),
});
export type DemoWorkerSpec = z.infer<typeof demoWorkerSpecSchema>;

/** Parent → child, over the IPC channel. */
export const demoWorkerCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('kill'), fault: z.enum(['after-dequeue', 'mid-job']) }),
  z.strictObject({ type: z.literal('conditions'), failureBurstUntil: z.number() }),
]);
export type DemoWorkerCommand = z.infer<typeof demoWorkerCommandSchema>;

/** Child → parent: its state whenever it changes. */
export const demoWorkerReportSchema = z.strictObject({
  type: z.literal('state'),
  state: z.enum(['idle', 'busy', 'dead']),
});
export type DemoWorkerReport = z.infer<typeof demoWorkerReportSchema>;

/** The environment variable carrying the spec. */
export const DEMO_WORKER_ENV = 'JOBDECK_DEMO_WORKER';
