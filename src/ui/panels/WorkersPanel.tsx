import { ListPanel } from '../components/ListPanel.js';
import type { PanelModel } from '../view-models/dashboard-model.js';

export interface WorkersPanelProps {
  readonly model: PanelModel;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  /** In the compact layout Workers and Services share a slot: the title names the other. */
  readonly tabHint?: string;
}

/** Worker containers with CPU, memory, uptime, restarts, heartbeat, current job, last log. */
export function WorkersPanel({ model, width, height, focused, tabHint }: WorkersPanelProps) {
  return (
    <ListPanel
      title={tabHint === undefined ? 'Workers' : `Workers (${tabHint})`}
      model={model}
      width={width}
      height={height}
      focused={focused}
    />
  );
}
