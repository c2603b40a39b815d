import { z } from 'zod';

/** One entry of `supervisor.getAllProcessInfo` / `getProcessInfo` (supervisor 3.x and 4.x). */
export const supervisorProcessInfoSchema = z.object({
  name: z.string(),
  group: z.string(),
  statename: z.string(),
  pid: z.number().int(),
  /** Epoch seconds; 0 when never started. */
  start: z.number(),
  stop: z.number(),
  now: z.number(),
  description: z.string(),
  exitstatus: z.number().int(),
  spawnerr: z.string().default(''),
});

export type SupervisorProcessInfo = z.infer<typeof supervisorProcessInfoSchema>;
export const supervisorProcessListSchema = z.array(supervisorProcessInfoSchema);
