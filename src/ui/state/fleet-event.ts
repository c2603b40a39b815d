/** What the fleet overview and the dashboards in it ask of the fleet root. */
export type FleetEvent =
  | { readonly type: 'move'; readonly names: readonly string[]; readonly delta: number }
  | { readonly type: 'open'; readonly name: string }
  | { readonly type: 'overview' }
  | { readonly type: 'open-help' }
  | { readonly type: 'close-help' }
  | { readonly type: 'flash'; readonly text: string }
  | { readonly type: 'quit'; readonly text: string };
