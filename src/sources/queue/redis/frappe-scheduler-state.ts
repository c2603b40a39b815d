/** Whether a site's scheduler is held by its config files (read by readFrappeBench). */
export interface FrappeSchedulerState {
  readonly site: string;
  /** From site_config.json / common_site_config.json; the DB's enable_scheduler is not readable here. */
  readonly state: 'enabled' | 'disabled' | 'paused' | 'maintenance';
  readonly detail: string;
}
