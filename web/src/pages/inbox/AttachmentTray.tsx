import { FileText, Film, Image as ImageIcon, Music, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { AttachmentLimits } from '../../../../src/contract/platforms.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { formatBytes, takesCaption, typeLabel, type AttachmentKind, type TrayItem } from '../../lib/attachment-tray.ts';
import './attachment-tray.css';

interface Props {
  items: readonly TrayItem[];
  limits: AttachmentLimits;
  platformName: string;
  /** The reply has text (it becomes the first file's caption, or a message after the files). */
  hasText: boolean;
  onRemove: (id: number) => void;
  onCaption: (id: number, caption: string) => void;
}

const ICONS: Record<AttachmentKind, typeof FileText> = { image: ImageIcon, video: Film, audio: Music, file: FileText };

/**
 * The files of the reply, in the order they go out: a thumbnail or an icon, name, size and type,
 * the upload's state, a caption where the platform takes one on that kind, Remove. A file the
 * platform refuses stays with the reason and the limit, and Send waits until it is removed.
 */
export function AttachmentTray({ items, limits, platformName, hasText, onRemove, onCaption }: Props) {
  const { t } = useTranslation('composer-attachments');
  if (items.length === 0) return null;
  const ready = items.filter((i) => i.status !== 'refused');
  const first = ready[0];
  const firstCaptioned = first !== undefined && takesCaption(limits, first.kind);
  const messages = ready.length + (hasText && !firstCaptioned && ready.length > 1 ? 1 : 0);
  return (
    <div className="tray" data-testid="attachment-tray">
      <ul className="tray__list" aria-label={t('tray')}>
        {items.map((item) => (
          <TrayEntry key={item.id} item={item} limits={limits} platformName={platformName} onRemove={onRemove} onCaption={onCaption} />
        ))}
      </ul>
      {ready.length > 1 && (
        <p className="tray__note" data-testid="tray-split">
          {t('split', { count: messages, platform: platformName })} {hasText && (firstCaptioned ? t('textAsCaption') : t('textAfter', { platform: platformName }))}
        </p>
      )}
      {items.some((i) => i.status === 'refused' || i.status === 'error') && (
        <p className="tray__note tray__note--blocked" role="alert">
          {t('removeToSend')}
        </p>
      )}
    </div>
  );
}

function TrayEntry({ item, limits, platformName, onRemove, onCaption }: Omit<Props, 'items' | 'hasText'> & { item: TrayItem }) {
  const { t } = useTranslation('composer-attachments');
  const format = useFormat();
  const kind = item.status === 'refused' ? null : item.kind;
  const Icon = ICONS[kind ?? 'file'];
  return (
    <li className={`tray__item tray__item--${item.status}`} data-testid="tray-item" data-state={item.status}>
      {item.previewUrl && item.status !== 'refused' ? (
        <img className="tray__thumb" src={item.previewUrl} alt="" data-testid="tray-thumb" />
      ) : (
        <Icon className="tray__icon" size={28} aria-hidden="true" />
      )}
      <div className="tray__body">
        <span className="tray__name">{item.name}</span>
        <span className="tray__meta">
          {formatBytes(item.size, format.number)} · {typeLabel(item.mimeType)}
          {item.status === 'uploading' && ` · ${t('uploading')}`}
        </span>
        {item.status === 'refused' && (
          <span className="tray__reason" data-testid="tray-reason">
            <RefusedReason item={item} limits={limits} platformName={platformName} />
          </span>
        )}
        {item.status === 'error' && <span className="tray__reason">{t('uploadFailed', { reason: item.error })}</span>}
        {item.status !== 'refused' && takesCaption(limits, item.kind) && (
          <input
            className="tray__caption"
            type="text"
            value={item.caption}
            onChange={(e) => onCaption(item.id, e.target.value)}
            placeholder={t('captionPlaceholder')}
            aria-label={t('caption', { name: item.name })}
            maxLength={limits.caption?.limit.max}
            data-testid="tray-caption"
          />
        )}
      </div>
      <button type="button" className="tray__remove" onClick={() => onRemove(item.id)} aria-label={t('remove', { name: item.name })}>
        <X size={16} />
      </button>
    </li>
  );
}

function RefusedReason({ item, limits, platformName }: { item: Extract<TrayItem, { status: 'refused' }>; limits: AttachmentLimits; platformName: string }) {
  const { t } = useTranslation('composer-attachments');
  const format = useFormat();
  const v = item.verdict;
  if (v.problem === 'count') return <>{t('refusedCount', { count: v.max })}</>;
  if (v.problem === 'size')
    return <>{t('refusedSize', { size: formatBytes(item.size, format.number), platform: platformName, kind: t(`kind.${v.kind}`), max: formatBytes(v.maxBytes, format.number) })}</>;
  const accepted = format.list(limits.kinds.map((k) => `${t(`kind.${k.kind}`)} (${k.types.map((x) => typeLabel(x.mimeType)).join(', ')})`));
  return <>{t('refusedType', { platform: platformName, type: typeLabel(v.mimeType || item.name), accepted })}</>;
}

/** "WhatsApp takes images (JPEG, PNG) up to 5 MB, …": the platform's limits in words, shown before a file is picked. */
export function useLimitsText(limits: AttachmentLimits | undefined, platformName: string): string {
  const { t } = useTranslation('composer-attachments');
  const format = useFormat();
  if (!limits) return '';
  const list = format.list(
    limits.kinds.map((k) => t('limitItem', { kind: t(`kind.${k.kind}`), types: k.types.map((x) => typeLabel(x.mimeType)).join(', '), size: formatBytes(k.maxBytes, format.number) })),
  );
  return t('limits', { platform: platformName, list });
}
