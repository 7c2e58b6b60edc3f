import { useTranslation } from 'react-i18next';

interface Props {
  value: string;
  onChange: (value: string) => void;
}

/** Search across every conversation; Esc clears it. */
export function SearchBox({ value, onChange }: Props) {
  const { t } = useTranslation('inbox');
  return (
    <div className="search-box" role="search">
      <label className="visually-hidden" htmlFor="inbox-search">
        {t('search.label')}
      </label>
      <svg className="search-box__icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <input
        id="inbox-search"
        type="search"
        placeholder={t('search.label')}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          } else if (e.key === 'ArrowDown') {
            // Into the list below: the first conversation or search hit.
            const first = document.querySelector<HTMLElement>('[data-testid="search-result"], [data-testid="conversation-row"]');
            if (first) {
              e.preventDefault();
              first.focus();
            }
          }
        }}
        data-testid="search-input"
      />
    </div>
  );
}
