import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/http.ts';
import { getMyPresence, setMyPresence, type PresenceChoice, type TeamMember } from '../../api/presence-api.ts';
import { useMe } from '../../app/session.tsx';
import { queryKeys } from '../../queries/query-keys.ts';
import { useUsers } from '../../pages/inbox/use-users.ts';
import { useDismiss } from '../use-dismiss.ts';
import { PresenceDot } from './PresenceDot.tsx';
import { myPresenceKey, useActivityReport } from './use-activity-report.ts';

const CHOICES: PresenceChoice[] = ['auto', 'away', 'offline'];

/**
 * The signed-in agent in the top bar: their name and presence, and a menu to choose it
 * (automatic, away, appear offline). Mounted once in the shell, it also reports whether this tab
 * is in use, which the automatic presence follows.
 */
export function PresenceMenu() {
  const { t } = useTranslation('presence');
  const me = useMe();
  useActivityReport();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  const { data: mine } = useQuery({ queryKey: myPresenceKey, queryFn: getMyPresence });
  const change = useChoice(me.id);
  // The live list first (presence:updated keeps it current), what this tab last read otherwise.
  const presence = useUsers().find((u) => u.id === me.id)?.presence ?? mine?.presence ?? 'offline';
  const choose = (choice: PresenceChoice) => {
    change.mutate(choice);
    setOpen(false);
    // The chosen item leaves with the menu: its button takes the focus back.
    button.current?.focus();
  };
  return (
    <div className="presence-menu" ref={ref} onKeyDown={(e) => e.key === 'Escape' && open && (setOpen(false), button.current?.focus())}>
      <button
        ref={button}
        type="button"
        className="button button--ghost presence-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        // The name starts with what the button shows (WCAG 2.5.3, label in name), then the state.
        aria-label={`${me.name}, ${t('menu.button', { state: t(`state.${presence}`) })}`}
        title={me.email}
        onClick={() => setOpen((o) => !o)}
        data-testid="presence-menu"
      >
        <PresenceDot presence={presence} />
        <span className="shell__user">{me.name}</span>
      </button>
      {open && (
        <ul className="presence-menu__list" role="menu" aria-label={t('menu.title')} onKeyDown={moveInMenu}>
          {CHOICES.map((choice) => (
            <li key={choice} role="none">
              <button
                type="button"
                role="menuitemradio"
                aria-checked={mine?.choice === choice}
                // A menu is one Tab stop: the current choice takes the focus on opening, the arrows move it.
                tabIndex={-1}
                autoFocus={(mine?.choice ?? 'auto') === choice}
                className="presence-menu__item"
                onClick={() => choose(choice)}
                data-testid={`presence-choice-${choice}`}
              >
                <PresenceDot presence={choice === 'auto' ? 'online' : choice} />
                <span>
                  {t(`menu.${choice}`)}
                  {choice === 'auto' && <span className="presence-menu__hint">{t('menu.autoHint')}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {change.error && (
        <p className="form-error" role="alert">
          {t('menu.failed', { message: errorMessage(change.error) })}
        </p>
      )}
    </div>
  );
}

/** PUT the choice; the answer updates this tab at once (the others hear presence:updated). */
function useChoice(meId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setMyPresence,
    onSuccess: (answer) => {
      queryClient.setQueryData(myPresenceKey, answer);
      queryClient.setQueryData<TeamMember[]>(queryKeys.users(), (users) => users?.map((u) => (u.id === meId ? { ...u, presence: answer.presence } : u)));
    },
  });
}

/** ↑/↓, Home and End move between a menu's items (WAI-ARIA's menu pattern). */
function moveInMenu(e: KeyboardEvent<HTMLUListElement>) {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
  const at = items.indexOf(document.activeElement as HTMLElement);
  const next = { ArrowDown: at + 1, ArrowUp: at - 1 + items.length, Home: 0, End: items.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  items[next % items.length]?.focus();
}
