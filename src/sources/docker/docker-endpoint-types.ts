// Types only, shared by the resolver (docker-endpoint.ts), the URL parser it calls
// (parse-docker-host.ts) and the client. They live here, importing nothing, so the parser
// does not import back from the resolver: no import cycle.

/** Files the client presents/checks for TLS (paths; read when the client is created). */
export interface DockerTls {
  /** Verify the engine's certificate against `ca` (`DOCKER_TLS_VERIFY`). */
  readonly verify: boolean;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** Where the engine is, and why we think so (`source` is shown by `doctor` and errors). */
export type DockerEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly source: string }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls: DockerTls | null;
      readonly source: string;
    }
  | {
      readonly kind: 'ssh';
      readonly host: string;
      readonly port: number;
      readonly username: string | null;
      readonly source: string;
    };

/** TLS switched on by the environment or a context: verify or not, and where the PEMs are. */
export interface DockerTlsSettings {
  readonly verify: boolean;
  readonly certDir: string;
}
