import { describe, expect, it } from 'vitest';
import { SessionView } from '../../src/serve/session-view.js';
import type { Backpressure } from '../../src/serve/session-view.js';
import type { AppSnapshot } from '../../src/store/app-snapshot.js';
import { appSnapshot } from '../ui/helpers/build-snapshot.js';

/** The server's one store, reduced to what a view reads: `publish` swaps its snapshot. */
class FakeStore {
  private snapshot = appSnapshot();
  private readonly listeners = new Set<() => void>();
  pauseCalls = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AppSnapshot => this.snapshot;

  /** Present so a view that wrongly paused the shared store would be seen doing it. */
  setPaused = (): void => {
    this.pauseCalls++;
  };

  publish(overrides: Partial<AppSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...overrides };
    for (const listener of [...this.listeners]) listener();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

/** A terminal whose `behind` the test sets, and whose drain it fires. */
class FakeTerminal implements Backpressure {
  behind = false;
  private readonly listeners = new Set<() => void>();

  onDrain(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  drain(): void {
    this.behind = false;
    for (const listener of [...this.listeners]) listener();
  }
}

function setup(readOnly = false): {
  store: FakeStore;
  terminal: FakeTerminal;
  view: SessionView;
  notified: () => number;
} {
  const store = new FakeStore();
  const terminal = new FakeTerminal();
  const view = new SessionView(store, { readOnly, terminal });
  let count = 0;
  view.subscribe(() => {
    count++;
  });
  return { store, terminal, view, notified: () => count };
}

describe('SessionView: a slow client skips frames', () => {
  it('passes each change through while the client keeps up', () => {
    const { store, view, notified } = setup();
    store.publish({ intervalMs: 1000 });
    store.publish({ intervalMs: 3000 });
    expect(notified()).toBe(2);
    expect(view.getSnapshot().intervalMs).toBe(3000);
  });

  it('holds changes while behind, then draws once, the latest, on drain', () => {
    const { store, terminal, view, notified } = setup();
    terminal.behind = true;
    store.publish({ verdict: 'DOWN' });
    store.publish({ verdict: 'OPERATIONAL' });
    store.publish({ intervalMs: 5000 });
    expect(notified()).toBe(0);

    terminal.drain();
    expect(notified()).toBe(1);
    expect(view.getSnapshot().verdict).toBe('OPERATIONAL');
    expect(view.getSnapshot().intervalMs).toBe(5000);

    terminal.drain(); // nothing new since: no redraw
    expect(notified()).toBe(1);
  });

  it('a drain with nothing held draws nothing', () => {
    const { terminal, notified } = setup();
    terminal.drain();
    expect(notified()).toBe(0);
  });
});

describe('SessionView: pause is this session only', () => {
  it('freezes the view, not the shared store', () => {
    const { store, view, notified } = setup();
    view.setPaused(true);
    expect(notified()).toBe(1); // the header shows "paused"
    const frozen = view.getSnapshot();
    expect(frozen.paused).toBe(true);
    expect(frozen.verdict).toBe('DEGRADED');

    store.publish({ verdict: 'DOWN' });
    expect(notified()).toBe(1);
    expect(view.getSnapshot()).toBe(frozen);
    expect(view.getSnapshot().verdict).toBe('DEGRADED');

    expect(store.pauseCalls).toBe(0);
    expect(store.getSnapshot().paused).toBe(false);
    expect(store.getSnapshot().verdict).toBe('DOWN');
  });

  it('resumes on the latest store snapshot', () => {
    const { store, view, notified } = setup();
    view.setPaused(true);
    store.publish({ verdict: 'DOWN' });
    view.setPaused(false);
    expect(notified()).toBe(2);
    expect(view.getSnapshot().paused).toBe(false);
    expect(view.getSnapshot().verdict).toBe('DOWN');
  });

  it('one session pausing leaves another live', () => {
    const store = new FakeStore();
    const paused = new SessionView(store, { readOnly: false, terminal: new FakeTerminal() });
    const live = new SessionView(store, { readOnly: false, terminal: new FakeTerminal() });
    paused.setPaused(true);
    store.publish({ verdict: 'DOWN' });
    expect(paused.getSnapshot().verdict).toBe('DEGRADED');
    expect(live.getSnapshot().verdict).toBe('DOWN');
    expect(live.getSnapshot().paused).toBe(false);
  });
});

describe('SessionView: read-only and snapshot identity', () => {
  it('a read-only view says read-only whatever the store says', () => {
    const { store, view } = setup(true);
    expect(store.getSnapshot().readOnly).toBe(false);
    expect(view.getSnapshot().readOnly).toBe(true);
    store.publish({ verdict: 'DOWN' });
    expect(view.getSnapshot()).toMatchObject({ readOnly: true, verdict: 'DOWN' });
  });

  it('returns the same object for the same store snapshot, a new one after a change', () => {
    const { store, view } = setup(true);
    const first = view.getSnapshot();
    expect(view.getSnapshot()).toBe(first);
    store.publish({ verdict: 'DOWN' });
    const second = view.getSnapshot();
    expect(second).not.toBe(first);
    expect(view.getSnapshot()).toBe(second);
  });

  it('an operator view hands the store snapshot through as it is', () => {
    const { store, view } = setup(false);
    expect(view.getSnapshot()).toBe(store.getSnapshot());
  });

  it('close() unsubscribes from the store and stops notifications', () => {
    const { store, view, notified } = setup();
    expect(store.listenerCount).toBe(1);
    view.close();
    expect(store.listenerCount).toBe(0);
    store.publish({ verdict: 'DOWN' });
    expect(notified()).toBe(0);
  });
});
