import { errorLine } from './errors.js';

/** How a connection failed, whatever the client library (pg, ioredis, dockerode, node:net). */
export type NetworkFailure =
  'refused' | 'not-found' | 'dns-failed' | 'unreachable' | 'timed-out' | 'reset' | 'tls';

/** Node's system errors carry a string `code` (ECONNREFUSED, ENOTFOUND, …); so do TLS errors. */
export function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|EPROTO$)|CERT|SSL/;

/** The failure class of a network error code, or null when the code is not a network one. */
export function networkFailure(error: unknown): NetworkFailure | null {
  const code = errorCode(error);
  switch (code) {
    case null:
      return null;
    case 'ECONNREFUSED':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return 'not-found';
    case 'EAI_AGAIN':
      return 'dns-failed';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ECONNABORTED':
      return 'unreachable';
    case 'ETIMEDOUT':
      return 'timed-out';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return 'reset';
    default:
      return TLS_CODE.test(code) ? 'tls' : null;
  }
}

const WORDS: Record<NetworkFailure, string> = {
  refused: 'connection refused',
  'not-found': 'host name not found',
  'dns-failed': 'host name lookup failed (DNS not answering)',
  unreachable: 'host unreachable',
  'timed-out': 'connect timed out',
  reset: 'connection reset',
  tls: 'TLS failed',
};

/** The operator's words for a failure class ("connection refused"). */
export function networkFailureText(failure: NetworkFailure): string {
  return WORDS[failure];
}

/**
 * Why a connection failed, in the operator's words rather than the errno's, without the
 * address (callers add it): "connection refused", "host name not found". Redacted.
 */
export function networkErrorReason(error: unknown): string {
  const failure = networkFailure(error);
  if (failure === null) return errorLine(error);
  // TLS errors keep their own message: which certificate check failed is the useful part.
  return failure === 'tls' ? `TLS: ${errorLine(error)}` : networkFailureText(failure);
}
