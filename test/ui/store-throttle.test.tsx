import { cleanup, render } from 'ink-testing-library';
import { afterEach, expect, it } from 'vitest';
import { AuditLog } from '../../src/actions/audit-log.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { ActionTracker } from '../../src/ui/action-tracker.js';
import { App } from '../../src/ui/App.js';
import { createTheme } from '../../src/ui/theme.js';
import { appSnapshot, NOW, queueSnapshot } from './helpers/build-snapshot.js';
import { TestStore } from './helpers/test-store.js';
import { settle, waitForFrame } from './helpers/wait-for-frame.js';

afterEach(() => {
  cleanup();
});

it('a burst of store updates redraws at most about once a second, and the last one lands', async () => {
  const store = new TestStore(appSnapshot());
  const instance = render(
    <App
      store={store}
      actions={{}}
      audit={new AuditLog('/nonexistent/audit.jsonl')}
      actor={{ user: 'alice', from: null, via: 'dashboard' }}
      tracker={new ActionTracker()}
      theme={createTheme({ color: false, ascii: false })}
      thresholds={thresholdsSchema.parse({})}
      size={{ columns: 100, rows: 30 }}
      now={() => NOW}
    />,
  );
  await waitForFrame(instance.lastFrame, (t) => t.includes('waiting 4'));
  await settle(1100);
  const before = instance.frames.length;
  // 20 publications in ~200 ms, like stats samples of many containers.
  for (let waiting = 100; waiting < 120; waiting++) {
    store.set(appSnapshot({ queue: { status: 'ok', at: NOW, data: queueSnapshot({ waiting }) } }));
    await settle(10);
  }
  await waitForFrame(instance.lastFrame, (t) => t.includes('waiting 119'), 3000);
  expect(instance.frames.length - before).toBeLessThanOrEqual(3);
});
