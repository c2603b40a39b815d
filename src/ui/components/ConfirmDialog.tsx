import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import type { DialogState } from '../state/ui-state.js';
import { wrapText } from '../view-models/wrap-text.js';

export interface ConfirmDialogProps {
  readonly dialog: DialogState;
  readonly width: number;
  /** At most this many lines, borders included. */
  readonly maxHeight: number;
}

interface Line {
  readonly text: string;
  readonly style: 'title' | 'summary' | 'detail' | 'prompt' | 'wrong' | 'plain';
}

/**
 * The confirmation of an action: what exactly will change (the preview's summary and
 * calls or statement, wrapped, never cut), then y/n, or the typed word for bulk changes.
 * While it is open only its keys work (the Dashboard routes them) and the screen behind
 * it is frozen. It is drawn over the panels, so every cell of it is written: each line
 * is padded to the full inner width, margins included.
 */
export function ConfirmDialog({ dialog, width, maxHeight }: ConfirmDialogProps) {
  const theme = useTheme();
  const typed = dialog.phase === 'confirm' && dialog.confirmWord !== null;
  const text = width - 4;
  const prompt =
    dialog.phase === 'preparing'
      ? 'reading what will change…  (Esc cancels)'
      : typed
        ? `type ${dialog.confirmWord} and press Enter (Esc cancels): ${dialog.typed}▌`
        : 'press y to run it, n or Esc to cancel';
  const wrong = typed && dialog.typed !== '' && !dialog.confirmWord.startsWith(dialog.typed);
  const head: Line[] = [
    ...wrapText(`Confirm: ${dialog.title}`, text).map((t): Line => ({ text: t, style: 'title' })),
    { text: '', style: 'plain' },
    ...wrapText(dialog.summary, text).map((t): Line => ({ text: t, style: 'summary' })),
  ];
  const tail: Line[] = [
    { text: '', style: 'plain' },
    ...wrapText(prompt, text).map((t): Line => ({ text: t, style: wrong ? 'wrong' : 'prompt' })),
  ];
  let details: Line[] = dialog.details.flatMap((d) =>
    wrapText(d, text - 2).map((t): Line => ({ text: `  ${t}`, style: 'detail' })),
  );
  const room = Math.max(1, maxHeight - 2 - head.length - tail.length);
  if (details.length > room) {
    const hidden = details.length - room + 1;
    details = [
      ...details.slice(0, room - 1),
      { text: `  … ${hidden} more lines`, style: 'detail' },
    ];
  }
  const pad = (t: string): string => ` ${t.padEnd(text)} `;
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle={theme.borderStyle}
      borderColor={theme.level.warn}
    >
      {[...head, ...details, ...tail].map((line, i) => (
        // The dialog's lines are frozen while it is open: positions are stable keys.
        <Text
          key={i}
          bold={line.style === 'title' || line.style === 'summary'}
          dimColor={line.style === 'detail'}
          color={
            line.style === 'title'
              ? theme.level.warn
              : line.style === 'wrong'
                ? theme.level.fail
                : undefined
          }
        >
          {pad(line.text)}
        </Text>
      ))}
    </Box>
  );
}
