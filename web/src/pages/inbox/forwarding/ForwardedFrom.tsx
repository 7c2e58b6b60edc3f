import { Forward } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../api/types.ts';
import { usePlatformName } from '../../../queries/use-platforms.ts';

/** "Forwarded from WhatsApp, Ana" on a message an agent forwarded here (its `forwardedFrom`); the contact's name is text. */
export function ForwardedFrom({ from }: { from: NonNullable<Message['forwardedFrom']> }) {
  const { t } = useTranslation('message-actions');
  const platformName = usePlatformName();
  const platform = platformName(from.platform);
  return (
    <span className="bubble__forwarded" data-testid="forwarded-from">
      <Forward size={12} aria-hidden /> {from.contact ? t('forward.from', { platform, contact: from.contact }) : t('forward.fromPlatform', { platform })}
    </span>
  );
}
