import type { ReactNode } from 'react';
import type { ReplyWindow } from '../../api/types.ts';
import { replyWindowReason } from '../../lib/reply-window-label.ts';

/** Why free text cannot be sent now, in the platform's terms. */
export function WindowNotice({ window, children }: { window: ReplyWindow; children?: ReactNode }) {
  return (
    <div className="window-notice" role="note" data-testid="window-notice">
      <p>{replyWindowReason(window)}</p>
      {children}
    </div>
  );
}
