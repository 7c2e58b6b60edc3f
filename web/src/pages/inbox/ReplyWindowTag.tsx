import type { ReplyWindow } from '../../api/types.ts';
import { useTranslation } from 'react-i18next';
import { replyWindowLabel } from '../../lib/reply-window-label.ts';
import { usePlatform } from '../../queries/use-platforms.ts';

/** The reply window as a chip: "22h left", "Human agent tag: 6d left", "closed — templates only", "open" where the platform has none. */
export function ReplyWindowTag({ window, platform, now }: { window: ReplyWindow; platform: string; now: Date }) {
  const { t } = useTranslation('inbox');
  const info = usePlatform(platform);
  const { text, tone } = replyWindowLabel(window, now, info?.capabilities.messagesPerWindow ?? null);
  const title = window.reason ?? (info && info.replyWindow === null ? t('window.noWindow', { platform: info.ui.name }) : t('window.label'));
  return (
    <span className={`window-tag window-tag--${tone}`} title={title} data-testid="reply-window">
      <span className="visually-hidden">{t('window.label')}: </span>
      {text}
    </span>
  );
}
