import { ListPanel } from '../components/ListPanel.js';
import type { PanelModel } from '../view-models/dashboard-model.js';

export interface AlertsPanelProps {
  readonly model: PanelModel;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  /** Set when Alerts shares its slot with other panels (Tab switches). */
  readonly tabHint?: string;
}

/** What the monitor has firing, then the latest notices it sent (from its state and log). */
export function AlertsPanel({ model, width, height, focused, tabHint }: AlertsPanelProps) {
  return (
    <ListPanel
      title={tabHint === undefined ? 'Alerts' : `Alerts (${tabHint})`}
      model={model}
      width={width}
      height={height}
      focused={focused}
    />
  );
}
