import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../shared/errors.js';
import type { DockerEndpoint, DockerTlsSettings } from './docker-endpoint-types.js';
import { parseDockerHost } from './parse-docker-host.js';
import { readDockerContext } from './read-docker-context.js';

export interface ResolveDockerEndpointOptions {
  /** `docker.host` from the config file. */
  host?: string | undefined;
  /** `docker.context` from the config file. */
  context?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  /** Home directory, for `~/.docker`; default `os.homedir()`. */
  home?: string;
}

const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/**
 * The Docker CLI's order, with the config file first: `docker.host`, `docker.context`,
 * `DOCKER_HOST`, `DOCKER_CONTEXT`, the current context of `~/.docker/config.json`
 * (`DOCKER_CONFIG` moves that directory), else the local socket. Throws ConfigError when
 * a URL, a context or its meta file is malformed.
 */
export function resolveDockerEndpoint(options: ResolveDockerEndpointOptions = {}): DockerEndpoint {
  const env = options.env ?? process.env;
  const configDir = nonEmpty(env.DOCKER_CONFIG) ?? join(options.home ?? homedir(), '.docker');
  const envTls = tlsFromEnv(env, configDir);

  if (options.host !== undefined) return parseDockerHost(options.host, envTls, 'docker.host');
  if (options.context !== undefined) {
    return fromContext(options.context, configDir, 'docker.context');
  }
  const dockerHost = nonEmpty(env.DOCKER_HOST);
  if (dockerHost !== undefined) return parseDockerHost(dockerHost, envTls, 'DOCKER_HOST');
  const envContext = nonEmpty(env.DOCKER_CONTEXT);
  if (envContext !== undefined) return fromContext(envContext, configDir, 'DOCKER_CONTEXT');
  const current = currentContext(configDir);
  if (current !== null) return fromContext(current, configDir, 'current context');
  return { kind: 'unix', socketPath: DEFAULT_DOCKER_SOCKET, source: 'default' };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Like the Docker CLI: any non-empty `DOCKER_TLS_VERIFY` turns on TLS with verification,
 * `DOCKER_TLS` TLS without it; certificates live in `DOCKER_CERT_PATH`, else `~/.docker`.
 */
function tlsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  configDir: string,
): DockerTlsSettings | null {
  const verify = nonEmpty(env.DOCKER_TLS_VERIFY) !== undefined;
  const tls = verify || nonEmpty(env.DOCKER_TLS) !== undefined;
  if (!tls) return null;
  return { verify, certDir: nonEmpty(env.DOCKER_CERT_PATH) ?? configDir };
}

// Only the field we need; the CLI's config.json holds auths, plugins and more.
const cliConfigSchema = z.looseObject({ currentContext: z.string().optional() });

function currentContext(configDir: string): string | null {
  const path = join(configDir, 'config.json');
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: fix or remove it (docker reads it too)`, {
      cause: error,
    });
  }
  const parsed = cliConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`${path}: "currentContext" must be a string (a Docker context name)`);
  }
  const name = parsed.data.currentContext?.trim();
  return name === undefined || name === '' ? null : name;
}

function fromContext(name: string, configDir: string, source: string): DockerEndpoint {
  // "default" is the built-in context: whatever DOCKER_HOST or the socket says.
  if (name === 'default') {
    return { kind: 'unix', socketPath: DEFAULT_DOCKER_SOCKET, source: `${source} "default"` };
  }
  const context = readDockerContext(name, configDir);
  // A context carries its own TLS material (`docker context create --docker
  // tls...`); the DOCKER_TLS* variables belong to DOCKER_HOST, not to contexts.
  const tls: DockerTlsSettings | null =
    context.tlsDir === null ? null : { verify: !context.skipTlsVerify, certDir: context.tlsDir };
  return parseDockerHost(context.host, tls, `${source} "${name}"`);
}
