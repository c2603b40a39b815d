import { describe, expect, it } from 'vitest';
import { fleetReducer } from '../../src/ui/state/fleet-reducer.js';
import { initialFleetState } from '../../src/ui/state/initial-fleet-state.js';
import { fleetLayout } from '../../src/ui/view-models/fleet-layout.js';
import { fleetSegments } from '../../src/ui/view-models/fleet-segments.js';
import { appSnapshot } from './helpers/build-snapshot.js';

const names = ['host1', 'host2', 'host3'];

describe('fleetReducer', () => {
  it('opens on the overview with the first target selected; moves stop at the ends', () => {
    const start = initialFleetState(names);
    expect(start).toMatchObject({ open: null, selected: 'host1', help: false });
    const up = fleetReducer(start, { type: 'move', names, delta: -1 });
    expect(up.selected).toBe('host1');
    const down = fleetReducer(fleetReducer(start, { type: 'move', names, delta: 1 }), {
      type: 'move',
      names,
      delta: 5,
    });
    expect(down.selected).toBe('host3');
  });

  it('opening a target selects it, so the overview comes back on it', () => {
    const opened = fleetReducer(initialFleetState(names), { type: 'open', name: 'host3' });
    expect(opened).toMatchObject({ open: 'host3', selected: 'host3' });
    expect(fleetReducer(opened, { type: 'overview' })).toMatchObject({
      open: null,
      selected: 'host3',
    });
  });
});

describe('fleetSegments and fleetLayout', () => {
  it('counts the verdicts worst first, the ones still checking, and read-only targets', () => {
    const text = (snapshots: Parameters<typeof fleetSegments>[0]) =>
      fleetSegments(snapshots)
        .map((s) => s.text)
        .join('');
    expect(
      text([
        appSnapshot({ target: 'a', verdict: 'OPERATIONAL' }),
        appSnapshot({ target: 'b', verdict: 'DOWN', readOnly: true }),
        appSnapshot({ target: 'c', verdict: null }),
      ]),
    ).toBe('jobdeck fleet of 3 targets · 1 DOWN · 1 OPERATIONAL · 1 checking… · read-only: b');
    expect(text([appSnapshot({ readOnly: true }), appSnapshot({ readOnly: true })])).toBe(
      'jobdeck fleet of 2 targets  READ-ONLY  · 2 DEGRADED',
    );
  });

  it('leaves the last terminal row free and three rows for the footer', () => {
    expect(fleetLayout(80, 24)).toEqual({
      kind: 'overview',
      width: 80,
      height: 23,
      bodyHeight: 20,
    });
    expect(fleetLayout(59, 24).kind).toBe('too-small');
  });
});
