import { describe, expect, it } from 'vitest';
import { buildSupervisorInstance } from '../../src/sources/services/supervisor/build-supervisor-instance.js';
import { decodeXmlRpcResponse } from '../../src/sources/services/supervisor/decode-xmlrpc-response.js';
import { encodeXmlRpcCall } from '../../src/sources/services/supervisor/encode-xmlrpc-call.js';
import { supervisorProcessInfoSchema } from '../../src/sources/services/supervisor/supervisor-process-info.js';
import { XmlRpcFault } from '../../src/sources/services/supervisor/xmlrpc-value.js';

// As supervisor 4.2 (Python's xmlrpc.client) writes them.
const INFO = `<?xml version='1.0'?>
<methodResponse>
<params>
<param>
<value><array><data>
<value><struct>
<member>
<name>description</name>
<value><string>pid 812, uptime 0:03:12</string></value>
</member>
<member>
<name>pid</name>
<value><int>812</int></value>
</member>
<member><name>name</name><value><string>frappe-bench-frappe-short-worker-0</string></value></member>
<member><name>group</name><value><string>frappe-bench-workers</string></value></member>
<member><name>statename</name><value><string>RUNNING</string></value></member>
<member><name>start</name><value><int>1800000000</int></value></member>
<member><name>stop</name><value><int>0</int></value></member>
<member><name>now</name><value><int>1800000192</int></value></member>
<member><name>exitstatus</name><value><int>0</int></value></member>
<member><name>spawnerr</name><value><string></string></value></member>
<member><name>logfile</name><value>/var/log/a &amp; b.log</value></member>
<member><name>ok</name><value><boolean>1</boolean></value></member>
</struct></value>
</data></array></value>
</param>
</params>
</methodResponse>`;

describe('XML-RPC for supervisord', () => {
  it('encodes a call with escaped string, int and boolean params', () => {
    expect(encodeXmlRpcCall('supervisor.tailProcessStderrLog', ['a<b', 0, true])).toBe(
      '<?xml version="1.0"?><methodCall><methodName>supervisor.tailProcessStderrLog</methodName><params>' +
        '<param><value><string>a&lt;b</string></value></param><param><value><int>0</int></value></param>' +
        '<param><value><boolean>1</boolean></value></param></params></methodCall>',
    );
  });

  it('decodes getAllProcessInfo into records: ints, empty and untyped strings, entities, booleans', () => {
    const value = decodeXmlRpcResponse(INFO);
    const [first] = value as Record<string, unknown>[];
    expect(first).toMatchObject({
      pid: 812,
      spawnerr: '',
      logfile: '/var/log/a & b.log',
      ok: true,
      statename: 'RUNNING',
    });
    const info = supervisorProcessInfoSchema.parse(first);
    expect(buildSupervisorInstance(info, null)).toMatchObject({
      id: 'frappe-bench-workers:frappe-bench-frappe-short-worker-0',
      service: 'frappe-bench-workers',
      number: 0,
      state: 'running',
      pid: 812,
      startedAt: 1_800_000_000_000,
      exitCode: null,
    });
  });

  it('a fault is an XmlRpcFault with its kind', () => {
    const xml = `<?xml version='1.0'?><methodResponse><fault><value><struct>
<member><name>faultCode</name><value><int>10</int></value></member>
<member><name>faultString</name><value><string>BAD_NAME: nope</string></value></member>
</struct></value></fault></methodResponse>`;
    const error = (() => {
      try {
        decodeXmlRpcResponse(xml);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(XmlRpcFault);
    expect((error as XmlRpcFault).kind).toBe('BAD_NAME');
    expect((error as XmlRpcFault).code).toBe(10);
  });

  it('an HTML error page is not XML-RPC', () => {
    expect(() => decodeXmlRpcResponse('<html><body>502</body></html>')).toThrow(
      /expected <methodResponse>/,
    );
  });

  it('FATAL with a spawn error: not running, the error as its state text, exit code kept', () => {
    const info = supervisorProcessInfoSchema.parse({
      name: 'crashy',
      group: 'crashy',
      statename: 'FATAL',
      pid: 0,
      start: 1,
      stop: 2,
      now: 3,
      description: 'Exited too quickly (process log may have details)',
      exitstatus: 3,
      spawnerr: '',
    });
    expect(buildSupervisorInstance(info, null)).toMatchObject({
      id: 'crashy',
      state: 'fatal',
      pid: null,
      exitCode: 3,
      startedAt: null,
      stoppedAt: 2000,
      stateText: 'Exited too quickly (process log may have details)',
    });
  });
});
