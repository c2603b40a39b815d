import type { ConfigFlags } from '../config/load-config.js';

/** The global flags every command takes (DESIGN.md "Commands"). */
export interface GlobalOptions {
  config?: string;
  target?: string;
  readOnly?: boolean;
  write?: boolean;
  interval?: string;
  /** Commander turns `--no-color` into `color: false`. */
  color?: boolean;
}

export function configFlags(options: GlobalOptions): ConfigFlags {
  return {
    config: options.config,
    target: options.target,
    readOnly: options.readOnly,
    write: options.write,
    interval: options.interval,
  };
}
