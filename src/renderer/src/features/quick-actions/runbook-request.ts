import type { MessageView } from '../../../../shared/contract/channels';
import { useOps } from '../../store/store';

let seq = 0;

/** A message's "Run runbook…" action: asks the quick actions to open the runbook palette with it as the source. */
export function requestRunbookFrom(message: MessageView): void {
  useOps.setState((s) => ({
    ui: { ...s.ui, runbookFrom: { message, nonce: ++seq } },
  }));
}

/** The run is over (closed, or the palette was opened without a message): later runs start from no message. */
export function clearRunbookSource(): void {
  useOps.setState((s) => {
    if (s.ui.runbookFrom === undefined) return {};
    const { runbookFrom: _dropped, ...ui } = s.ui;
    return { ui };
  });
}

/** How a message's author is named in the quick actions. */
export const authorOf = (m: MessageView): string => m.personDisplayName ?? m.personEmail;
