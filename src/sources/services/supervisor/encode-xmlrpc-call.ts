/** Escapes text for an XML element. */
export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function encodeParam(value: string | number | boolean): string {
  if (typeof value === 'boolean') return `<boolean>${value ? 1 : 0}</boolean>`;
  if (typeof value === 'number') return `<int>${Math.trunc(value)}</int>`;
  return `<string>${escapeXml(value)}</string>`;
}

/** Pure: an XML-RPC `methodCall` with the scalar params supervisor's methods take. */
export function encodeXmlRpcCall(
  method: string,
  params: readonly (string | number | boolean)[],
): string {
  const body = params.map((p) => `<param><value>${encodeParam(p)}</value></param>`).join('');
  return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${body}</params></methodCall>`;
}
