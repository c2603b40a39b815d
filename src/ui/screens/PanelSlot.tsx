import type { AppSnapshot } from '../../store/app-snapshot.js';
import { AlertsPanel } from '../panels/AlertsPanel.js';
import { QueuePanel } from '../panels/QueuePanel.js';
import { ReadinessPanel } from '../panels/ReadinessPanel.js';
import { ServicesPanel } from '../panels/ServicesPanel.js';
import { TrendsPanel } from '../panels/TrendsPanel.js';
import { WorkersPanel } from '../panels/WorkersPanel.js';
import type { LayoutSlot } from '../view-models/compute-layout.js';
import type { DashboardModel } from '../view-models/dashboard-model.js';
import type { ListPanelId } from '../view-models/list-panel-id.js';
import { trendModel } from '../view-models/trend-model.js';

export interface PanelSlotProps {
  readonly slot: LayoutSlot;
  readonly focus: ListPanelId;
  readonly model: DashboardModel;
  readonly snapshot: AppSnapshot;
  readonly ascii: boolean;
}

/** One slot of the layout: its panel, or the focused one of the panels sharing it (tabs). */
export function PanelSlot({ slot, focus, model, snapshot, ascii }: PanelSlotProps) {
  const id =
    slot.panels.length > 1
      ? (slot.panels.find((p) => p === focus) ?? slot.panels[0] ?? 'workers')
      : (slot.panels[0] ?? 'workers');
  const others = slot.panels.filter((p) => p !== id);
  const tabHint = others.length === 0 ? undefined : `Tab: ${others.join(', ')}`;
  const common = { width: slot.width, height: slot.height, focused: focus === id };
  switch (id) {
    case 'workers':
      return <WorkersPanel model={model.workers} tabHint={tabHint} {...common} />;
    case 'services':
      return <ServicesPanel model={model.services} tabHint={tabHint} {...common} />;
    case 'queue':
      return <QueuePanel model={model.queue} {...common} />;
    case 'readiness':
      return <ReadinessPanel model={model.readiness} {...common} />;
    case 'alerts':
      return <AlertsPanel model={model.alerts} tabHint={tabHint} {...common} />;
    case 'trends':
      return (
        <TrendsPanel
          width={slot.width}
          height={slot.height}
          model={trendModel(snapshot.history, {
            intervalMs: snapshot.intervalMs,
            width: slot.width - 2,
            height: slot.height - 2,
            ascii,
            docker: snapshot.docker.status !== 'off',
          })}
        />
      );
  }
}
