import { MapPin } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../api/types.ts';
import { fillNamed } from '../../lib/template-text.ts';

/**
 * What the customer will receive, filled as the agent types: header (text, or which media or
 * place), body, footer, buttons. Everything is rendered as text.
 */
export function TemplatePreview({ template: t, values }: { template: Template; values: Readonly<Record<string, string>> }) {
  const { t: tr } = useTranslation('inbox-tools');
  const v = (key: string) => values[key]?.trim() ?? '';
  let header: string | null = null;
  if (t.header?.format === 'TEXT' && t.header.text) header = fillNamed(t.header.text, 'header', values);
  else if (t.header?.format === 'LOCATION') {
    header = `${[v('header.name'), v('header.address')].filter(Boolean).join(', ') || tr('preview.location')}${v('header.latitude') && v('header.longitude') ? ` (${v('header.latitude')}, ${v('header.longitude')})` : ''}`;
  } else if (t.header && t.header.format !== 'TEXT') {
    header = `${tr(`preview.media.${t.header.format}`)}: ${v('header.filename') || v('header.link') || tr('preview.notSet')}`;
  }
  return (
    <div className="template-preview" data-testid="template-preview" aria-label={tr('preview.label')}>
      <span className="template-preview__label">{tr('preview.label')}</span>
      {header && (
        <p className={`template-preview__header${t.header?.format === 'TEXT' ? '' : ' template-preview__header--media'}`} data-testid="template-preview-header">
          {t.header?.format === 'LOCATION' && <MapPin size={14} />} {header}
        </p>
      )}
      <p className="template-preview__body" data-testid="template-preview-body">
        {fillNamed(t.bodyText ?? '', 'body', values)}
      </p>
      {t.footerText && <p className="template-preview__footer">{t.footerText}</p>}
      {(t.buttons ?? []).length > 0 && (
        <ul className="template-preview__buttons">
          {(t.buttons ?? []).map((b, index) => {
            const value = v(`button.${index}`);
            const detail = b.type === 'URL' && b.url ? fillNamed(b.url, `button.${index}`, { [`button.${index}.1`]: value }) : b.type === 'COPY_CODE' && value ? value : null;
            return (
              <li key={index} className="template-preview__button">
                {b.text}
                {detail && <span className="template-preview__button-detail"> · {detail}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
