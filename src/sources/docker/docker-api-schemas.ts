import { z } from 'zod';

/*
 * The parts of the Engine API answers that jobdeck reads, validated at the boundary so
 * the rest of the code works with typed values. Loose objects: engines add fields with
 * every API version. Engines send `null` for empty maps and lists (`Labels`, `Ports`),
 * hence the `nullish` + default pattern.
 */

const labels = z
  .record(z.string(), z.string())
  .nullish()
  .transform((value) => value ?? {});

/** One entry of `GET /containers/json?all=1`. */
export const containerSummarySchema = z.looseObject({
  Id: z.string(),
  Names: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? []),
  Image: z.string(),
  Created: z.number(),
  Ports: z
    .array(
      z.looseObject({
        IP: z.string().optional(),
        PrivatePort: z.number(),
        PublicPort: z.number().optional(),
        Type: z.string(),
      }),
    )
    .nullish()
    .transform((value) => value ?? []),
  Labels: labels,
  State: z.string(),
  Status: z.string(),
});
export type ContainerSummary = z.output<typeof containerSummarySchema>;

export const containerListSchema = z.array(containerSummarySchema);

/** `GET /containers/{id}/json`, the fields the list does not carry. */
export const containerInspectSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  RestartCount: z.number(),
  State: z.looseObject({
    Status: z.string(),
    Running: z.boolean(),
    Restarting: z.boolean(),
    OOMKilled: z.boolean(),
    ExitCode: z.number(),
    StartedAt: z.string(),
    FinishedAt: z.string(),
    Health: z.looseObject({ Status: z.string() }).nullish(),
  }),
  Config: z.looseObject({
    Tty: z.boolean().default(false),
    Image: z.string().optional(),
    Labels: labels,
    StopTimeout: z.number().nullish(),
  }),
});
export type ContainerInspect = z.output<typeof containerInspectSchema>;

/** One line of `GET /events`. */
export const dockerEventSchema = z.looseObject({
  Type: z.string(),
  Action: z.string(),
  Actor: z.looseObject({
    ID: z.string(),
    Attributes: labels,
  }),
  time: z.number().optional(),
  timeNano: z.number().optional(),
});
export type DockerEvent = z.output<typeof dockerEventSchema>;

/** `GET /info`, for the panel header and the stats math's CPU count. */
export const engineInfoSchema = z.looseObject({
  ServerVersion: z.string().optional(),
  OperatingSystem: z.string().optional(),
  NCPU: z.number().optional(),
  MemTotal: z.number().optional(),
  CgroupVersion: z.string().optional(),
  Swarm: z
    .looseObject({
      LocalNodeState: z.string().optional(),
      ControlAvailable: z.boolean().optional(),
    })
    .optional(),
});
export type EngineInfo = z.output<typeof engineInfoSchema>;
