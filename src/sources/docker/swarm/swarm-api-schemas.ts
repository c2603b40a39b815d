import { z } from 'zod';

/*
 * The parts of the Swarm API answers jobdeck reads (`GET /services?status=true`,
 * `/tasks`, `/nodes`), validated at the boundary. Loose objects: engines add fields.
 * Recorded answers of Engine 20.10 (API 1.41) are in test/fixtures/swarm/.
 */

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

export const swarmServiceSchema = z.looseObject({
  ID: z.string(),
  Version: z.looseObject({ Index: z.number() }),
  Spec: z.looseObject({
    Name: z.string(),
    Labels: z
      .record(z.string(), z.string())
      .nullish()
      .transform((value) => value ?? {}),
    TaskTemplate: z.looseObject({
      ContainerSpec: z.looseObject({ Image: z.string().optional() }).optional(),
      ForceUpdate: z.number().optional(),
    }),
    Mode: z.looseObject({
      Replicated: z.looseObject({ Replicas: z.number().optional() }).optional(),
      Global: z.looseObject({}).optional(),
      ReplicatedJob: z.looseObject({}).optional(),
      GlobalJob: z.looseObject({}).optional(),
    }),
    UpdateConfig: z
      .looseObject({
        Parallelism: z.number().optional(),
        Delay: z.number().optional(),
        Order: z.string().optional(),
        FailureAction: z.string().optional(),
      })
      .optional(),
  }),
  UpdateStatus: z.looseObject({ State: z.string().optional(), Message: text.optional() }).nullish(),
  // `?status=true` (API 1.41+).
  ServiceStatus: z.looseObject({ RunningTasks: z.number(), DesiredTasks: z.number() }).nullish(),
});
export type SwarmServiceJson = z.output<typeof swarmServiceSchema>;
export const swarmServiceListSchema = z.array(swarmServiceSchema);

export const swarmTaskSchema = z.looseObject({
  ID: z.string(),
  ServiceID: z.string(),
  NodeID: text.optional(),
  Slot: z.number().nullish(),
  DesiredState: z.string(),
  UpdatedAt: z.string().optional(),
  Status: z.looseObject({
    Timestamp: z.string().optional(),
    State: z.string(),
    Message: text.optional(),
    Err: text.optional(),
    ContainerStatus: z
      .looseObject({ ContainerID: z.string().optional(), ExitCode: z.number().optional() })
      .nullish(),
  }),
});
export type SwarmTaskJson = z.output<typeof swarmTaskSchema>;
export const swarmTaskListSchema = z.array(swarmTaskSchema);

export const swarmNodeSchema = z.looseObject({
  ID: z.string(),
  Spec: z.looseObject({ Role: z.string(), Availability: z.string() }),
  Description: z.looseObject({ Hostname: z.string().optional() }).optional(),
  Status: z.looseObject({
    State: z.string(),
    Addr: z.string().optional(),
    Message: text.optional(),
  }),
  ManagerStatus: z
    .looseObject({ Leader: z.boolean().optional(), Reachability: z.string().optional() })
    .nullish(),
});
export type SwarmNodeJson = z.output<typeof swarmNodeSchema>;
export const swarmNodeListSchema = z.array(swarmNodeSchema);
