import type { UiEvent } from './ui-event.js';
import type { UiState } from './ui-state.js';

/** Printable text only: a pasted escape sequence must not reach the screen. */
const printable = (text: string): string => text.replace(/\p{Cc}/gu, '');

/**
 * UI transitions in one pure function (STYLE.md habit 7): the root component
 * dispatches, it does not juggle useStates. Selection is kept by id.
 */
export function uiReducer(state: UiState, event: UiEvent): UiState {
  switch (event.type) {
    case 'focus': {
      const i = event.order.indexOf(state.focus);
      const n = event.order.length;
      const next = event.order[(((i + event.delta) % n) + n) % n] ?? state.focus;
      return { ...state, focus: next };
    }
    case 'select':
      return { ...state, selected: { ...state.selected, [event.panel]: event.id } };
    case 'open-help':
      return { ...state, overlay: 'help' };
    case 'close-help':
      return { ...state, overlay: 'none' };
    case 'open-details':
      return { ...state, overlay: 'details', details: { panel: event.panel, id: event.id } };
    case 'close-details':
      return { ...state, overlay: 'none', details: null };
    case 'open-filter':
      return { ...state, overlay: 'filter' };
    case 'filter-text':
      return {
        ...state,
        filters: {
          ...state.filters,
          [state.focus]: state.filters[state.focus] + printable(event.text),
        },
      };
    case 'filter-erase':
      return {
        ...state,
        filters: { ...state.filters, [state.focus]: state.filters[state.focus].slice(0, -1) },
      };
    case 'filter-apply':
      return { ...state, overlay: 'none' };
    case 'filter-cancel':
      return { ...state, overlay: 'none', filters: { ...state.filters, [state.focus]: '' } };
    case 'clear-filter':
      return { ...state, filters: { ...state.filters, [state.focus]: '' } };
    case 'dialog-open':
      return {
        ...state,
        dialog: {
          phase: 'preparing',
          title: event.title,
          summary: '',
          details: [],
          confirmWord: null,
          typed: '',
          frozen: event.frozen,
        },
      };
    case 'dialog-preview':
      if (state.dialog === null) return state;
      return {
        ...state,
        dialog: {
          ...state.dialog,
          phase: 'confirm',
          summary: event.summary,
          details: event.details,
          confirmWord: event.confirmWord,
        },
      };
    case 'dialog-type':
      if (state.dialog === null) return state;
      return {
        ...state,
        dialog: { ...state.dialog, typed: state.dialog.typed + printable(event.text) },
      };
    case 'dialog-erase':
      if (state.dialog === null) return state;
      return { ...state, dialog: { ...state.dialog, typed: state.dialog.typed.slice(0, -1) } };
    case 'dialog-close':
      return { ...state, dialog: null };
    case 'flash':
      return {
        ...state,
        flash: { text: event.text, level: event.level, id: (state.flash?.id ?? 0) + 1 },
      };
    case 'flash-expire':
      return state.flash?.id === event.id ? { ...state, flash: null } : state;
    case 'quit':
      return { ...state, quitting: true };
  }
}
