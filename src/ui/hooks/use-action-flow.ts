import { useCallback, useRef } from 'react';
import type { Action, Actor } from '../../actions/action.js';
import type { AuditSink } from '../../actions/audit-sink.js';
import { runAction } from '../../actions/run-action.js';
import { errorLine } from '../../shared/errors.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { ActionTracker } from '../action-tracker.js';
import type { UiEvent } from '../state/ui-event.js';

interface Attempt {
  readonly label: string;
  cancelled: boolean;
  resolve: ((yes: boolean) => void) | null;
}

export interface ActionFlow {
  /**
   * preview → dialog → (answer) → run → audit → flash, through runAction. `title` names
   * the target for people (a container's name where the action only knows its id).
   */
  readonly start: (action: Action<unknown>, frozen: AppSnapshot, title?: string) => void;
  /** The dialog's answer. */
  readonly answer: (yes: boolean) => void;
}

/**
 * Runs actions the one way every caller does (STYLE.md habit 10): runAction asks for
 * confirmation through the dialog, runs, and writes the audit line. One action at a
 * time; the tracker lets quitting wait for it.
 */
export function useActionFlow(options: {
  readonly dispatch: (event: UiEvent) => void;
  readonly audit: AuditSink;
  readonly actor: Actor;
  readonly tracker: ActionTracker;
}): ActionFlow {
  const { dispatch, audit, actor, tracker } = options;
  const current = useRef<Attempt | null>(null);

  const start = useCallback(
    (action: Action<unknown>, frozen: AppSnapshot, title: string = action.label) => {
      const running = tracker.getSnapshot();
      if (running.length > 0) {
        dispatch({
          type: 'flash',
          level: 'warn',
          text: `wait: ${running.join(', ')} is still running`,
        });
        return;
      }
      const attempt: Attempt = { label: title, cancelled: false, resolve: null };
      current.current = attempt;
      const decline = (): void => {
        attempt.cancelled = true;
        attempt.resolve?.(false);
      };
      const unregister = tracker.onClose(decline);
      dispatch({ type: 'dialog-open', title, frozen });
      const work = runAction(action, {
        audit,
        actor,
        confirm: (preview) =>
          new Promise<boolean>((resolve) => {
            if (attempt.cancelled || tracker.closed) {
              resolve(false);
              return;
            }
            attempt.resolve = resolve;
            dispatch({
              type: 'dialog-preview',
              summary: preview.summary,
              details: preview.details,
              confirmWord: preview.confirmWord,
            });
          }),
      })
        .then((outcome) => {
          switch (outcome.state) {
            case 'nothing-to-do':
              dispatch({ type: 'flash', level: 'none', text: `nothing to do: ${outcome.summary}` });
              break;
            case 'declined':
              dispatch({ type: 'flash', level: 'none', text: `cancelled: ${outcome.summary}` });
              break;
            case 'done':
              dispatch({
                type: 'flash',
                level: outcome.result.ok ? 'ok' : 'fail',
                text: outcome.result.summary,
              });
              break;
          }
        })
        .catch((error: unknown) => {
          dispatch({ type: 'flash', level: 'fail', text: `${title}: ${errorLine(error)}` });
        })
        .finally(() => {
          unregister();
          if (current.current === attempt) {
            current.current = null;
            dispatch({ type: 'dialog-close' });
          }
        });
      tracker.track(title, work);
    },
    [dispatch, audit, actor, tracker],
  );

  const answer = useCallback(
    (yes: boolean) => {
      const attempt = current.current;
      if (attempt === null) return;
      // The dialog closes now; the run's result comes to the flash line.
      current.current = null;
      dispatch({ type: 'dialog-close' });
      if (yes && attempt.resolve !== null) {
        dispatch({ type: 'flash', level: 'none', text: `${attempt.label}: running…` });
        attempt.resolve(true);
      } else {
        attempt.cancelled = true;
        attempt.resolve?.(false);
        if (attempt.resolve === null) dispatch({ type: 'flash', level: 'none', text: 'cancelled' });
      }
    },
    [dispatch],
  );

  return { start, answer };
}
