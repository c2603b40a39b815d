import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import type { SshConnection } from './ssh-connection.js';

/**
 * An HTTP agent whose every connection is a channel of one shared SSH connection (see
 * SshConnection). Given to docker-modem as `{ protocol: 'http', agent }`: its own `ssh`
 * protocol opens a new SSH login for every request (6 logins for an events stream and 5
 * calls, measured) and checks no host key. No keep-alive: a channel costs one round trip
 * and no process on the host, and a closed HTTP connection frees it at once.
 */
export class SshDockerAgent extends Agent {
  constructor(readonly connection: SshConnection) {
    super({ keepAlive: false });
  }

  /**
   * docker-modem formats every request's options with `util.inspect(…, {showHidden: true,
   * depth: null})` for its debug log, even when debugging is off, and the agent is among
   * them: without this, each request walked the whole ssh2 client (measured: util.inspect
   * was most of the CPU of a 3-host `status`, which then never went idle).
   */
  [inspect.custom](): string {
    return `SshDockerAgent(${this.connection.label})`;
  }

  override createConnection(
    _options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): undefined {
    this.connection.openChannel().then(
      (channel) => callback?.(null, channel),
      // The agent's callback takes no stream on error (Node's own net path passes none).
      (error: unknown) => callback?.(error as Error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}
