/** The dashboard's panels. Every panel except `trends` has rows to select. */
export type PanelId = 'services' | 'workers' | 'queue' | 'readiness' | 'alerts' | 'trends';
