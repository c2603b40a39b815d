import { errorLine } from '../../shared/errors.js';

/** Node's system errors carry a `code` (ECONNREFUSED, ENOTFOUND, …). */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Why a connection failed, in the operator's words rather than the errno's, without
 * the address (callers add it): "connection refused", "host name not found". Redacted.
 */
export function networkErrorReason(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return 'host name not found';
    case 'EAI_AGAIN':
      return 'host name lookup failed (DNS not answering)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return 'host unreachable';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'ETIMEDOUT':
      return 'connect timed out';
    default:
      break;
  }
  // errorLine redacts; TLS codes: DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ERR_TLS_…
  if (code !== undefined && /CERT|SELF_SIGNED|TLS|SSL/.test(code)) {
    return `TLS: ${errorLine(error)}`;
  }
  return errorLine(error);
}
