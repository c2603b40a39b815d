import { z } from 'zod';
import { durationSchema } from './duration-schema.js';

/** `host:port` (IPv6 in brackets: `[::1]:2222`). */
export const LISTEN_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export const listenSchema = z
  .string()
  .regex(LISTEN_PATTERN, 'expected host:port, like 127.0.0.1:2222 or [::1]:2222')
  .refine((value) => {
    const port = Number(value.slice(value.lastIndexOf(':') + 1));
    // 0: any free port (the start-up line says which).
    return port >= 0 && port <= 65535;
  }, 'expected a port between 0 and 65535');

const accessFiles = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .transform((value) => (typeof value === 'string' ? [value] : value));

/**
 * The `serve:` section: `jobdeck serve`, the dashboard over SSH. Access is by public key
 * only, from authorized_keys-format files: a key in `operators` may act, a key in
 * `viewers` may only look (a key in both is an operator).
 */
export const serveConfigSchema = z.strictObject({
  listen: listenSchema.default('127.0.0.1:2222'),
  /** The server's private key (OpenSSH format); generated into the state dir when absent. */
  hostKey: z.string().min(1).optional(),
  access: z
    .strictObject({
      viewers: accessFiles.default([]),
      operators: accessFiles.default([]),
    })
    .default({ viewers: [], operators: [] }),
  maxSessions: z.number().int().min(1).max(1000).default(20),
  /** A session with no key pressed for this long is closed (0: never). */
  idleTimeout: durationSchema.default(1_800_000),
});

export type ServeConfig = z.infer<typeof serveConfigSchema>;

/** `host:port` → its parts (the brackets of an IPv6 host removed). */
export function parseListen(value: string): { host: string; port: number } {
  const cut = value.lastIndexOf(':');
  const host = value.slice(0, cut).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(value.slice(cut + 1)) };
}
