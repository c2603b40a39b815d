import { ListPanel } from '../components/ListPanel.js';
import type { PanelModel } from '../view-models/dashboard-model.js';

export interface ReadinessPanelProps {
  readonly model: PanelModel;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
}

/** Each readiness check with its latency, and the overall verdict under them. */
export function ReadinessPanel({ model, width, height, focused }: ReadinessPanelProps) {
  return (
    <ListPanel
      title="Sync readiness"
      model={model}
      width={width}
      height={height}
      focused={focused}
      linesBelow
    />
  );
}
