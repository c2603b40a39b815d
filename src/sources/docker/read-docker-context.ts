import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../shared/errors.js';

export interface DockerContext {
  readonly name: string;
  /** `Endpoints.docker.Host`, a DOCKER_HOST-style URL. */
  readonly host: string;
  readonly skipTlsVerify: boolean;
  /** `contexts/tls/<hash>/docker` when the context was created with TLS material. */
  readonly tlsDir: string | null;
}

// The CLI's context store: `contexts/meta/<sha256 of the name>/meta.json`.
const metaSchema = z.looseObject({
  Name: z.string(),
  Endpoints: z.looseObject({
    docker: z.looseObject({
      Host: z.string().min(1),
      SkipTLSVerify: z.boolean().optional(),
    }),
  }),
});

/** Reads one context from the Docker CLI's store; ConfigError when missing or malformed. */
export function readDockerContext(name: string, configDir: string): DockerContext {
  const hash = createHash('sha256').update(name).digest('hex');
  const metaPath = join(configDir, 'contexts', 'meta', hash, 'meta.json');
  if (!existsSync(metaPath)) {
    throw new ConfigError(
      `Docker context "${name}" not found (no ${metaPath}): check \`docker context ls\` or choose another context`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${metaPath} is not valid JSON: recreate the context "${name}"`, {
      cause: error,
    });
  }
  const parsed = metaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.')}`;
    throw new ConfigError(
      `${metaPath}: unexpected content${where} (expected Endpoints.docker.Host): recreate the context "${name}"`,
    );
  }
  const tlsDir = join(configDir, 'contexts', 'tls', hash, 'docker');
  return {
    name,
    host: parsed.data.Endpoints.docker.Host,
    skipTlsVerify: parsed.data.Endpoints.docker.SkipTLSVerify ?? false,
    tlsDir: existsSync(tlsDir) ? tlsDir : null,
  };
}
