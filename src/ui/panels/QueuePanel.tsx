import { ListPanel } from '../components/ListPanel.js';
import type { PanelModel } from '../view-models/dashboard-model.js';

export interface QueuePanelProps {
  readonly model: PanelModel;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
}

/** Counts by status, waiting/running/stuck, the window's outcomes and durations; stuck jobs and blockers as rows. */
export function QueuePanel({ model, width, height, focused }: QueuePanelProps) {
  return (
    <ListPanel
      title="Queue"
      model={model}
      width={width}
      height={height}
      focused={focused}
      noRows="no stuck jobs, no blockers"
    />
  );
}
