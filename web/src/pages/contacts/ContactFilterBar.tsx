import { Search } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactFilters } from '../../api/contacts-api.ts';
import { useLabels } from '../../queries/use-team-settings.ts';
import { usePlatforms } from '../../queries/use-platforms.ts';

interface Props {
  filters: ContactFilters;
  onChange: (next: Partial<ContactFilters>) => void;
}

/**
 * The contacts list's search box and its label and platform filters. The platforms are the ones
 * snorq speaks (GET /api/v1/platforms), the labels the organisation's own; the text is sent a
 * moment after the agent stops typing, so each keystroke is not a request.
 */
export function ContactFilterBar({ filters, onChange }: Props) {
  const { t } = useTranslation('contacts');
  const platforms = usePlatforms();
  const labels = useLabels();
  const [text, setText] = useState(filters.q);
  // The address changes the box only when someone else changed it (back, a link), never by echoing what was typed.
  const sent = useRef(filters.q);
  useEffect(() => {
    if (filters.q === sent.current) return;
    sent.current = filters.q;
    setText(filters.q);
  }, [filters.q]);
  useEffect(() => {
    if (text.trim() === sent.current) return;
    const timer = window.setTimeout(() => {
      sent.current = text.trim();
      onChange({ q: text.trim() });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [text, onChange]);
  return (
    <div className="contacts__filters" role="search">
      <label className="contacts__search">
        <Search size={16} aria-hidden="true" />
        <span className="visually-hidden">{t('filters.search')}</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('filters.searchPlaceholder')} data-testid="contact-search" />
      </label>
      <label className="contacts__filter">
        <span>{t('filters.platform')}</span>
        <select value={filters.platform} onChange={(e) => onChange({ platform: e.target.value })} data-testid="contact-platform-filter">
          <option value="">{t('filters.allPlatforms')}</option>
          {platforms.map((p) => (
            <option key={p.id} value={p.id}>
              {p.ui.name}
            </option>
          ))}
        </select>
      </label>
      <label className="contacts__filter">
        <span>{t('filters.label')}</span>
        <select value={filters.label} onChange={(e) => onChange({ label: e.target.value })} data-testid="contact-label-filter">
          <option value="">{t('filters.allLabels')}</option>
          {/* A label in the address the organisation no longer has still shows as chosen. */}
          {filters.label && !labels.data?.some((l) => l.name === filters.label) && <option value={filters.label}>{filters.label}</option>}
          {(labels.data ?? []).map((l) => (
            <option key={l.id} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
