import { ListPanel } from '../components/ListPanel.js';
import type { PanelModel } from '../view-models/dashboard-model.js';

export interface ServicesPanelProps {
  readonly model: PanelModel;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  /** In the compact layout Workers and Services share a slot: the title names the other. */
  readonly tabHint?: string;
}

/** Compose services and their containers: state, replicas, uptime, restarts, health. */
export function ServicesPanel({ model, width, height, focused, tabHint }: ServicesPanelProps) {
  return (
    <ListPanel
      title={tabHint === undefined ? 'Services' : `Services (${tabHint})`}
      model={model}
      width={width}
      height={height}
      focused={focused}
    />
  );
}
