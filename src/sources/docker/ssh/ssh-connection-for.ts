import { SshConnection, type SshDestination } from './ssh-connection.js';

// One connection per destination for the whole process: the collector, the restarter and
// doctor each make their own DockerClient, and they must still share one SSH login.
const connections = new Map<string, SshConnection>();

/** The process's one SshConnection to `destination` (same host, user, key and socket). */
export function sshConnectionFor(destination: SshDestination): SshConnection {
  const key = JSON.stringify(destination);
  let connection = connections.get(key);
  if (connection === undefined) {
    connection = new SshConnection(destination);
    connections.set(key, connection);
  }
  return connection;
}
