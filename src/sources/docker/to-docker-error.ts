import {
  ActionRefusedError,
  isJobdeckError,
  SourceQueryError,
  SourceUnreachableError,
  type JobdeckError,
} from '../../shared/errors.js';
import { errorCode, networkFailure } from '../../shared/network-error.js';
import type { DockerEndpoint } from './docker-endpoint-types.js';
import { dockerEndpointLabel } from './docker-endpoint-label.js';

interface ErrorFields {
  statusCode?: unknown;
  json?: unknown;
  level?: unknown;
  cause?: unknown;
}

function fields(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The engine's own words from an HTTP error body (`{"message": "..."}`), if any. */
function engineMessage(json: unknown, fallback: string): string {
  if (typeof json === 'object' && json !== null && 'message' in json) {
    const message = json.message;
    if (typeof message === 'string' && message !== '') return message.trim();
  }
  return fallback;
}

/**
 * Any failure of a Docker request → one typed error whose message is one actionable line
 * (STYLE.md habit 11): what failed, where, and the fix. Applied by the client wrapper to
 * every request, so callers never see a raw `ENOENT`.
 */
export function toDockerError(error: unknown, endpoint: DockerEndpoint): JobdeckError {
  if (isJobdeckError(error)) return error;
  const f = fields(error);
  // Our own timeouts abort with a JobdeckError as the reason; Node wraps it in AbortError.
  if (isJobdeckError(f.cause)) return f.cause;
  const where = dockerEndpointLabel(endpoint);
  const options = { cause: error };
  // The one classification of network codes (src/shared/network-error.ts); the messages
  // stay Docker's own, since the fix depends on the endpoint kind. A failure class implies
  // a code, so the code shown beside it is never the empty fallback.
  const failure = networkFailure(error);
  const code = errorCode(error) ?? '';
  const raw = error instanceof Error ? error.message : String(error);

  if (typeof f.statusCode === 'number') {
    const status = f.statusCode;
    const said = engineMessage(f.json, raw.replace(/^\(HTTP code \d+\)\s*/, '').trim());
    if (status === 400 && endpoint.kind === 'tcp' && endpoint.tls === null && /HTTPS/i.test(said)) {
      return new SourceUnreachableError(
        `the Docker engine at ${where} expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH`,
        options,
      );
    }
    if (status === 401 || status === 403) {
      return new ActionRefusedError(
        `the Docker engine at ${where} refused the request (HTTP ${status}: ${said}): an authorization plugin or proxy forbids it`,
        options,
      );
    }
    return new SourceQueryError(`Docker engine answered HTTP ${status}: ${said}`, options);
  }

  if (f.level === 'client-authentication' && endpoint.kind === 'ssh') {
    return new SourceUnreachableError(
      `ssh authentication to ${where} failed: load a key the host accepts into ssh-agent (SSH_AUTH_SOCK)`,
      options,
    );
  }

  if (error instanceof Error && error.name === 'AbortError') {
    return new SourceQueryError(`request to the Docker engine at ${where} was cancelled`, options);
  }

  switch (endpoint.kind) {
    case 'unix': {
      const socket = endpoint.socketPath;
      if (code === 'ENOENT' || failure === 'refused') {
        return new SourceUnreachableError(
          `no Docker engine at ${socket}: is Docker running? set DOCKER_HOST otherwise`,
          options,
        );
      }
      if (code === 'EACCES' || code === 'EPERM') {
        return new SourceUnreachableError(
          `permission denied on ${socket}: add your user to the docker group`,
          options,
        );
      }
      break;
    }
    case 'tcp': {
      const hostPort = `${endpoint.host}:${endpoint.port}`;
      if (failure === 'refused') {
        return new SourceUnreachableError(
          `Docker engine at ${hostPort} refused the connection: is dockerd listening there? check ${endpoint.source}`,
          options,
        );
      }
      if (failure === 'not-found' || failure === 'dns-failed') {
        return new SourceUnreachableError(
          `cannot resolve ${endpoint.host} (from ${endpoint.source}): check the host name`,
          options,
        );
      }
      if (failure === 'unreachable' || failure === 'timed-out') {
        return new SourceUnreachableError(
          `Docker engine at ${hostPort} is unreachable (${code}): check the address, network and firewall`,
          options,
        );
      }
      if (failure === 'tls') {
        return new SourceUnreachableError(
          `TLS with the Docker engine at ${hostPort} failed (${code}): check DOCKER_CERT_PATH and DOCKER_TLS_VERIFY`,
          options,
        );
      }
      break;
    }
    case 'ssh': {
      const hostPort = `${endpoint.host}:${endpoint.port}`;
      if (failure === 'not-found' || failure === 'dns-failed') {
        return new SourceUnreachableError(
          `cannot resolve ${endpoint.host} (from ${endpoint.source}): check the host name`,
          options,
        );
      }
      if (failure === 'refused' || failure === 'unreachable' || failure === 'timed-out') {
        return new SourceUnreachableError(
          `ssh to ${hostPort} failed (${code}): check the host, the port and that sshd runs`,
          options,
        );
      }
      if (f.level === 'client-timeout') {
        return new SourceUnreachableError(
          `ssh to ${hostPort} timed out: check the host and the network`,
          options,
        );
      }
      break;
    }
  }
  if (failure === 'reset') {
    return new SourceUnreachableError(
      `lost the connection to the Docker engine at ${where} (${code}): is it restarting?`,
      options,
    );
  }
  const first = raw.split('\n')[0] ?? raw;
  return new SourceQueryError(`Docker engine at ${where}: ${first}`, options);
}
