import { request } from 'node:http';
import { SourceQueryError, SourceUnreachableError } from '../../../shared/errors.js';
import { decodeXmlRpcResponse } from './decode-xmlrpc-response.js';
import { encodeXmlRpcCall } from './encode-xmlrpc-call.js';
import type { SupervisorEndpoint } from './supervisor-endpoint.js';
import type { XmlRpcValue } from './xmlrpc-value.js';

export interface SupervisorCallOptions {
  readonly endpoint: SupervisorEndpoint;
  /** `user:password` for basic auth, or null. Never printed. */
  readonly auth: string | null;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const MAX_BODY = 8 * 1024 * 1024;

function unreachable(endpoint: SupervisorEndpoint, code: string | undefined): string {
  const where = endpoint.label;
  if (code === 'EACCES')
    return `cannot open supervisord's socket ${where} (EACCES): run jobdeck as a user who may, or set chmod=/chown= in [unix_http_server]`;
  return `cannot reach supervisord at ${where} (${code ?? 'error'}): is supervisord running with ${endpoint.kind === 'unix' ? '[unix_http_server] file=' + where : '[inet_http_server]'}? set services.supervisor.url`;
}

/**
 * One XML-RPC call to supervisord (POST /RPC2), over its unix socket or HTTP. Network
 * failures are SourceUnreachableError, a 401 or a malformed answer SourceQueryError, a
 * <fault> an XmlRpcFault — each one line.
 */
export function callSupervisor(
  method: string,
  params: readonly (string | number | boolean)[],
  options: SupervisorCallOptions,
): Promise<XmlRpcValue> {
  const body = encodeXmlRpcCall(method, params);
  const { endpoint } = options;
  return new Promise((resolve, reject) => {
    const req = request({
      ...(endpoint.kind === 'unix'
        ? { socketPath: endpoint.socketPath }
        : { host: endpoint.host, port: endpoint.port }),
      method: 'POST',
      path: '/RPC2',
      agent: false,
      headers: {
        'content-type': 'text/xml',
        'content-length': Buffer.byteLength(body),
        ...(options.auth === null
          ? {}
          : { authorization: `Basic ${Buffer.from(options.auth).toString('base64')}` }),
      },
      timeout: options.timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    req.on('timeout', () => {
      req.destroy(
        new SourceUnreachableError(
          `supervisord at ${endpoint.label} did not answer ${method} within ${options.timeoutMs} ms`,
        ),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof SourceUnreachableError) reject(error);
      else reject(new SourceUnreachableError(unreachable(endpoint, error.code), { cause: error }));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY)
          req.destroy(new SourceQueryError(`supervisord's answer to ${method} is too large`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        if (res.statusCode === 401) {
          reject(
            new SourceQueryError(
              `supervisord at ${endpoint.label} refused the credentials (401): set services.supervisor.username and the variable named by passwordEnv`,
            ),
          );
          return;
        }
        if (res.statusCode !== 200) {
          reject(
            new SourceQueryError(
              `supervisord at ${endpoint.label} answered ${method} with HTTP ${res.statusCode ?? '?'}`,
            ),
          );
          return;
        }
        try {
          resolve(decodeXmlRpcResponse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(
            error instanceof Error && error.name === 'XmlRpcFault'
              ? error
              : new SourceQueryError(
                  `supervisord's answer to ${method} is not XML-RPC: ${error instanceof Error ? error.message : String(error)}`,
                ),
          );
        }
      });
      res.on('error', reject);
    });
    req.end(body);
  });
}
