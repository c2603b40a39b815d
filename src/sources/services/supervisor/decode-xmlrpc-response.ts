import { XmlRpcFault, type XmlRpcValue } from './xmlrpc-value.js';

interface Token {
  readonly tag: string | null;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly text: string;
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x')
      ? parseInt(lower.slice(2), 16)
      : parseInt(lower.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : '';
  });
}

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const re = /<(\/?)([A-Za-z][\w.:-]*)[^>]*?(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/g;
  for (const m of xml.matchAll(re)) {
    if (m[4] !== undefined)
      tokens.push({ tag: null, closing: false, selfClosing: false, text: m[4] });
    else if (m[2] !== undefined)
      tokens.push({ tag: m[2], closing: m[1] === '/', selfClosing: m[3] === '/', text: '' });
  }
  return tokens;
}

class Parser {
  #i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** Skips whitespace-only text. */
  #next(): Token | undefined {
    while (this.#i < this.tokens.length) {
      const t = this.tokens[this.#i++];
      if (t !== undefined && (t.tag !== null || t.text.trim() !== '')) return t;
    }
    return undefined;
  }

  #peek(): Token | undefined {
    const at = this.#i;
    const t = this.#next();
    this.#i = at;
    return t;
  }

  open(tag: string): void {
    const t = this.#next();
    if (t?.tag !== tag || t.closing) throw new Error(`expected <${tag}>, got ${describe(t)}`);
  }

  close(tag: string): void {
    const t = this.#next();
    if (t?.tag !== tag || !t.closing) throw new Error(`expected </${tag}>, got ${describe(t)}`);
  }

  isOpen(tag: string): boolean {
    const t = this.#peek();
    return t?.tag === tag && !t.closing;
  }

  /** Text up to the closing tag (may be empty). */
  text(tag: string): string {
    let text = '';
    while (this.#i < this.tokens.length) {
      const t = this.tokens[this.#i];
      if (t === undefined || t.tag !== null) break;
      text += t.text;
      this.#i++;
    }
    this.close(tag);
    return unescapeXml(text);
  }

  value(): XmlRpcValue {
    this.open('value');
    const t = this.tokens[this.#i];
    // <value>text</value> is a string; whitespace then a type tag is a typed value.
    if (t?.tag === null && this.tokens[this.#i + 1]?.tag === 'value') return this.text('value');
    const type = this.#next();
    if (type?.tag === 'value' && type.closing) return '';
    if (type?.tag == null || type.closing)
      throw new Error(`expected a type, got ${describe(type)}`);
    let v: XmlRpcValue;
    if (type.selfClosing) v = type.tag === 'nil' ? null : '';
    else if (type.tag === 'string') v = this.text('string');
    else if (type.tag === 'int' || type.tag === 'i4' || type.tag === 'i8' || type.tag === 'double')
      v = Number(this.text(type.tag));
    else if (type.tag === 'boolean') v = this.text('boolean').trim() === '1';
    else if (type.tag === 'nil') {
      this.close('nil');
      v = null;
    } else if (type.tag === 'array') v = this.#array();
    else if (type.tag === 'struct') v = this.#struct();
    else v = this.text(type.tag);
    this.close('value');
    return v;
  }

  #array(): XmlRpcValue[] {
    const items: XmlRpcValue[] = [];
    this.open('data');
    while (this.isOpen('value')) items.push(this.value());
    this.close('data');
    this.close('array');
    return items;
  }

  #struct(): Record<string, XmlRpcValue> {
    const out: Record<string, XmlRpcValue> = {};
    while (this.isOpen('member')) {
      this.open('member');
      this.open('name');
      const name = this.text('name');
      out[name] = this.value();
      this.close('member');
    }
    this.close('struct');
    return out;
  }
}

function describe(t: Token | undefined): string {
  if (t === undefined) return 'the end';
  return t.tag === null
    ? `text "${t.text.trim().slice(0, 20)}"`
    : `<${t.closing ? '/' : ''}${t.tag}>`;
}

/**
 * Pure: a `methodResponse` → its value, or throws XmlRpcFault for a <fault>. A
 * document that is not XML-RPC throws an Error naming what was expected.
 */
export function decodeXmlRpcResponse(xml: string): XmlRpcValue {
  const p = new Parser(tokenize(xml));
  p.open('methodResponse');
  if (p.isOpen('fault')) {
    p.open('fault');
    const fault = p.value();
    const f = typeof fault === 'object' && fault !== null && !Array.isArray(fault) ? fault : {};
    const code = (f as Record<string, XmlRpcValue>).faultCode;
    const text = (f as Record<string, XmlRpcValue>).faultString;
    throw new XmlRpcFault(
      typeof code === 'number' ? code : 0,
      typeof text === 'string' ? text : 'fault',
    );
  }
  p.open('params');
  p.open('param');
  const value = p.value();
  return value;
}
