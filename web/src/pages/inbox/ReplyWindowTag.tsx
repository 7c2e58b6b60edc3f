import type { ReplyWindow } from '../../api/types.ts';
import { replyWindowLabel } from '../../lib/reply-window-label.ts';
import { usePlatform } from '../../queries/use-platforms.ts';

/** The reply window as a chip: "22h left", "HUMAN_AGENT 6d left", "closed — templates only", "open" where the platform has none. */
export function ReplyWindowTag({ window, platform, now }: { window: ReplyWindow; platform: string; now: Date }) {
  const info = usePlatform(platform);
  const { text, tone } = replyWindowLabel(window, now, info?.capabilities.messagesPerWindow ?? null);
  const title = window.reason ?? (info && info.replyWindow === null ? `${info.ui.name} has no reply window` : 'Reply window');
  return (
    <span className={`window-tag window-tag--${tone}`} title={title} data-testid="reply-window">
      <span className="visually-hidden">Reply window: </span>
      {text}
    </span>
  );
}
