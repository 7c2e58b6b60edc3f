import type { Platform, ReplyWindow } from '../../api/types.ts';
import { replyWindowLabel } from '../../lib/reply-window-label.ts';

/** The reply window as a chip: "22h left", "HUMAN_AGENT 6d left", "closed — templates only". */
export function ReplyWindowTag({ window, platform, now }: { window: ReplyWindow; platform: Platform; now: Date }) {
  const { text, tone } = replyWindowLabel(window, platform, now);
  return (
    <span className={`window-tag window-tag--${tone}`} title={window.reason ?? 'Reply window'} data-testid="reply-window">
      <span className="visually-hidden">Reply window: </span>
      {text}
    </span>
  );
}
