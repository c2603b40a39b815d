/** An XML-RPC value as supervisor sends it (Python's xmlrpc.client). */
export type XmlRpcValue =
  | string
  | number
  | boolean
  | null
  | readonly XmlRpcValue[]
  | { readonly [key: string]: XmlRpcValue };

/** A <fault>: supervisor's `faultCode`/`faultString` ("BAD_NAME: foo"). */
export class XmlRpcFault extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(text);
    this.name = 'XmlRpcFault';
  }

  /** The fault's name before the colon: `BAD_NAME`, `NOT_RUNNING`, `ALREADY_STARTED`. */
  get kind(): string {
    return this.text.split(':')[0]?.trim() ?? '';
  }
}
