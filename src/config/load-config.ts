import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { alertsConfigSchema, type AlertsConfig } from './alerts-config-schema.js';
import { serveConfigSchema, type ServeConfig } from './serve-config-schema.js';
import { dockerConfigSchema, type DockerConfig } from './docker-config-schema.js';
import type { ServicesConfig } from './services-config-schema.js';
import { ConfigError } from '../shared/errors.js';
import { checkConnectionUrl } from './check-connection-url.js';
import { parseDuration } from './duration.js';
import { registerSecret, registerUrlSecrets } from '../shared/redact.js';
import { stateDir } from '../shared/state-dir.js';
import {
  fileConfigSchema,
  PRESETS,
  queueConfigSchema,
  type FileConfig,
  type PresetName,
  type ProbeConfig,
  type QueueConfig,
} from './config-schema.js';
import { thresholdsSchema, type Thresholds } from './thresholds-schema.js';
import { formatConfigIssue } from './format-config-issue.js';
import { resolveSqlitePath } from './resolve-sqlite-path.js';
import { rqConfigSchema } from './rq-config-schema.js';
import { sqliteConfigSchema } from './sqlite-config-schema.js';

export interface ConfigFlags {
  config?: string | undefined;
  target?: string | undefined;
  readOnly?: boolean | undefined;
  /** `--write`: overrides a `readOnly: true` config default. */
  write?: boolean | undefined;
  interval?: string | undefined;
}

export interface ResolvedQueue extends QueueConfig {
  /** The connection URL, read from the environment variable `urlEnv` (secret); for sqlite, the file path. */
  url: string;
  /** For the sqlite preset: the database file and where it was configured. */
  sqliteFile: { path: string; hint: string } | null;
  /** For the rq/frappe presets: the Redis password when it is not in the URL (secret). */
  redisPassword: string | undefined;
}

export interface ResolvedConfig {
  /** Where the config came from: a file path, or `environment`. */
  source: string;
  target: string;
  /** Every target the file names, in its order (empty when it names none). */
  targets: readonly string[];
  /** True when `--target` or JOBDECK_TARGET chose the target (not the file's first). */
  targetChosen: boolean;
  readOnly: boolean;
  intervalMs: number;
  queue: ResolvedQueue | null;
  probes: ProbeConfig[];
  thresholds: Thresholds;
  dockerHost: string | undefined;
  /** The Docker source's settings, or null when Docker is not read (see docker.enabled). */
  docker: DockerConfig | null;
  /** Workers outside Docker (supervisor, systemd, processes), or null. */
  services: ServicesConfig | null;
  /** The audit log path (absolute). */
  auditLog: string;
  /** Alert rules and channels, with defaults. */
  alerts: AlertsConfig;
  /** `jobdeck serve`, with defaults; its file paths are absolute. */
  serve: ServeConfig;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `--config`, else `./jobdeck.yaml`, else `$XDG_CONFIG_HOME/jobdeck/config.yaml`. */
export function findConfigFile(flag: string | undefined, env: Env, cwd: string): string | null {
  if (flag !== undefined) {
    const path = resolve(cwd, flag);
    if (!existsSync(path))
      throw new ConfigError(`--config ${flag}: file not found; pass an existing YAML file`);
    return path;
  }
  const local = join(cwd, 'jobdeck.yaml');
  if (existsSync(local)) return local;
  const xdg = env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config');
  const global = join(xdg, 'jobdeck', 'config.yaml');
  return existsSync(global) ? global : null;
}

function readFileConfig(path: string): FileConfig {
  let input: unknown;
  try {
    input = parseYaml(readFileSync(path, 'utf8')) ?? {};
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0].line;
      throw new ConfigError(
        `${path}${line === undefined ? '' : `:${line}`}: invalid YAML (${error.message.split('\n')[0] ?? ''}); fix the syntax`,
        { cause: error },
      );
    }
    throw new ConfigError(`${path}: cannot read the config file; check its permissions`, {
      cause: error,
    });
  }
  const parsed = fileConfigSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const more = parsed.error.issues.length - 1;
    const line = first ? formatConfigIssue(path, input, first) : `${path}: invalid config`;
    throw new ConfigError(more > 0 ? `${line} (and ${more} more)` : line, { cause: parsed.error });
  }
  return parsed.data;
}

function envPreset(env: Env): PresetName | undefined {
  const value = env.JOBDECK_PRESET;
  if (value === undefined || value === '') return undefined;
  if ((PRESETS as readonly string[]).includes(value)) return value as PresetName;
  throw new ConfigError(`JOBDECK_PRESET: got "${value}", expected one of ${PRESETS.join(', ')}`);
}

/**
 * With no config file and no JOBDECK_PRESET the URL says what it is: `sqlite:///…` in
 * DATABASE_URL is the sqlite source; a `redis://` DATABASE_URL, or REDIS_URL alone, is rq.
 */
function presetFromUrls(env: Env): PresetName | undefined {
  const db = env.DATABASE_URL ?? '';
  if (/^(sqlite|file):/i.test(db)) return 'sqlite';
  if (/^rediss?:/i.test(db)) return 'rq';
  if (db === '' && (env.REDIS_URL ?? '') !== '') return 'rq';
  return undefined;
}

/**
 * Docker is read when configured, pointed at by the environment, or when the local socket
 * exists, unless another service provider is configured: one provider per target.
 */
function resolveDocker(
  section: DockerConfig | undefined,
  services: ServicesConfig | undefined,
  env: Env,
): DockerConfig | null {
  if (services !== undefined) {
    if (section !== undefined && section.enabled !== false) {
      throw new ConfigError(
        'docker and services: one service provider per target; set docker.enabled: false, or put them in separate targets',
      );
    }
    return null;
  }
  const config = section ?? dockerConfigSchema.parse({});
  if (config.enabled === false) return null;
  const wanted =
    config.enabled === true ||
    section !== undefined ||
    (env.DOCKER_HOST ?? '') !== '' ||
    (env.DOCKER_CONTEXT ?? '') !== '' ||
    existsSync('/var/run/docker.sock');
  return wanted ? config : null;
}

/**
 * Resolves the effective configuration: file (if any) + selected target + environment
 * + flags. Precedence for read-only: flag, then target config, then global config.
 */
export function loadConfig(
  flags: ConfigFlags,
  env: Env = process.env,
  cwd = process.cwd(),
): ResolvedConfig {
  const path = findConfigFile(flags.config, env, cwd);
  const file: FileConfig = path === null ? {} : readFileConfig(path);
  const source = path ?? 'environment';

  const targetNames = Object.keys(file.targets ?? {});
  let targetName = flags.target ?? env.JOBDECK_TARGET ?? targetNames[0] ?? 'default';
  const target = file.targets?.[targetName];
  if (flags.target !== undefined && target === undefined) {
    const known = targetNames.length > 0 ? targetNames.join(', ') : 'none are configured';
    throw new ConfigError(
      `--target ${flags.target}: no such target in ${source}; known targets: ${known}`,
    );
  }
  if (target === undefined && targetNames.length === 0) targetName = 'default';

  const queueInput = target?.queue ?? file.queue;
  // DATABASE_URL=sqlite:///abs/path.db needs no preset: the scheme says it.
  const presetFromEnv =
    envPreset(env) ?? (queueInput === undefined ? presetFromUrls(env) : undefined);
  const queueBase: QueueConfig =
    queueInput ?? queueConfigSchema.parse({ preset: presetFromEnv ?? 'qfieldcloud' });
  const queueConfig: QueueConfig =
    queueInput === undefined || presetFromEnv === undefined
      ? queueBase
      : { ...queueBase, preset: presetFromEnv };
  if (queueConfig.preset === 'custom' && queueConfig.custom === undefined) {
    throw new ConfigError(
      `${source}: queue.custom: missing; the custom preset needs table, columns and statuses`,
    );
  }
  let queue: ResolvedQueue | null;
  if (queueConfig.preset === 'rq' || queueConfig.preset === 'frappe') {
    // DATABASE_URL=redis://… with no config file: read the URL from there.
    const fromDatabaseUrl =
      queueConfig.rq === undefined && /^rediss?:/i.test(env.DATABASE_URL ?? '');
    const section =
      queueConfig.rq ??
      rqConfigSchema
        .omit({ preset: true })
        .parse(fromDatabaseUrl ? { urlEnv: 'DATABASE_URL' } : {});
    const url = env[section.urlEnv];
    const redisPassword = section.passwordEnv === undefined ? undefined : env[section.passwordEnv];
    registerUrlSecrets(url);
    registerSecret(redisPassword);
    if (url !== undefined && url !== '') checkConnectionUrl(url, section.urlEnv, 'redis');
    queue =
      url === undefined || url === ''
        ? null
        : {
            ...queueConfig,
            rq: section,
            urlEnv: section.urlEnv,
            url,
            sqliteFile: null,
            redisPassword,
          };
  } else if (queueConfig.preset === 'sqlite') {
    const section = queueConfig.sqlite ?? sqliteConfigSchema.parse({});
    const file = resolveSqlitePath(section, env, path);
    queue =
      file === null
        ? null
        : {
            ...queueConfig,
            sqlite: section,
            url: file.path,
            sqliteFile: file,
            redisPassword: undefined,
          };
  } else {
    const url = env[queueConfig.urlEnv];
    registerUrlSecrets(url);
    if (url !== undefined && url !== '') checkConnectionUrl(url, queueConfig.urlEnv, 'postgres');
    queue =
      url === undefined || url === ''
        ? null
        : { ...queueConfig, url, sqliteFile: null, redisPassword: undefined };
  }

  const thresholds = thresholdsSchema.parse({ ...file.thresholds, ...target?.thresholds });

  let intervalMs = file.interval ?? 2_000;
  if (flags.interval !== undefined) {
    const parsed = parseDuration(flags.interval);
    if (parsed === null || parsed < 200) {
      throw new ConfigError(
        `--interval ${flags.interval}: expected a duration of at least 200ms, like 2s or 500ms`,
      );
    }
    intervalMs = parsed;
  }

  let readOnly = target?.readOnly ?? file.readOnly ?? false;
  if (flags.write === true) readOnly = false;
  if (flags.readOnly === true) readOnly = true;

  return {
    source,
    target: targetName,
    targets: targetNames,
    targetChosen: (flags.target ?? env.JOBDECK_TARGET) !== undefined,
    readOnly,
    intervalMs,
    queue,
    probes: target?.probes ?? file.probes ?? [],
    thresholds,
    dockerHost: env.DOCKER_HOST,
    docker: resolveDocker(target?.docker ?? file.docker, target?.services ?? file.services, env),
    services: target?.services ?? file.services ?? null,
    alerts: file.alerts ?? alertsConfigSchema.parse({}),
    auditLog:
      file.auditLog === undefined
        ? join(stateDir(env), 'audit.jsonl')
        : resolve(cwd, file.auditLog),
    serve: resolveServe(file.serve, cwd),
  };
}

function resolveServe(section: ServeConfig | undefined, cwd: string): ServeConfig {
  const serve = section ?? serveConfigSchema.parse({});
  return {
    ...serve,
    ...(serve.hostKey === undefined ? {} : { hostKey: resolve(cwd, serve.hostKey) }),
    access: {
      viewers: serve.access.viewers.map((file) => resolve(cwd, file)),
      operators: serve.access.operators.map((file) => resolve(cwd, file)),
    },
  };
}
