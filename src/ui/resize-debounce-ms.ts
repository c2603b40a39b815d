/** Resize settles for this long before the layout is recomputed (App and FleetApp). */
export const RESIZE_DEBOUNCE_MS = 120;
