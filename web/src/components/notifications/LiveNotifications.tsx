import { useQueryClient } from '@tanstack/react-query';
import { Bell } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useMe } from '../../app/session.tsx';
import { useLiveEvents } from '../../live/live-provider.tsx';
import type { LiveEvent } from '../../live/live-events.ts';
import { playChime, unlockChimeOnFirstGesture } from './chime.ts';
import { concernsMe, titleWithCount, type Alert } from './concerns-me.ts';
import { deviceState } from './push-device.ts';
import { notificationKeys, useNotificationPreferences, useUnreadCount } from './use-notification-preferences.ts';
import './notifications.css';

/** The count is read again at most this often while events come in. */
const RECOUNT_DELAY_MS = 1500;

/**
 * The open tab's notifications, mounted once in the shell: the count of unread conversations in
 * the tab's title, and for what concerns the user (concerns-me.ts) a chime and — when the tab is
 * hidden and this device gets no pushes — a desktop notification. Renders the bell that leads to
 * the notification settings.
 */
export function LiveNotifications() {
  const { t } = useTranslation('notifications');
  const unread = useUnreadTitle();
  useLiveAlerts();
  return (
    <Link to="/settings/profile" className="notify-bell" aria-label={unread ? t('bellUnread', { count: unread }) : t('bell')} title={t('settings')} data-testid="nav-notifications">
      <Bell size={18} aria-hidden="true" />
      {unread > 0 && (
        <span className="notify-bell__count" data-testid="unread-title-count">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}

/** `(n) Inbox — snorq`: the page's title with the count in front, recounted (debounced) after the events that may change it. */
function useUnreadTitle(): number {
  const queryClient = useQueryClient();
  const { data: unread = 0 } = useUnreadCount();
  const timer = useRef<number | undefined>(undefined);
  useLiveEvents((event) => {
    if (event.type !== 'new:message' && event.type !== 'conversation:updated' && event.type !== 'resync') return;
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      void queryClient.invalidateQueries({ queryKey: notificationKeys.unread() });
    }, RECOUNT_DELAY_MS);
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    const apply = () => {
      const next = titleWithCount(document.title, unread);
      if (next !== document.title) document.title = next;
    };
    apply();
    // Pages name the tab themselves (document.title = 'Inbox — snorq'): the count goes back in front.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [unread]);
  return unread;
}

function useLiveAlerts(): void {
  const me = useMe();
  const [, navigate] = useLocation();
  const { data: prefs } = useNotificationPreferences();
  const pushed = useRef(false);
  useEffect(() => unlockChimeOnFirstGesture(), []);
  useEffect(() => {
    // A device that receives pushes gets the desktop notification from its service worker.
    void deviceState().then((s) => (pushed.current = s === 'on'));
  }, [prefs]);
  useLiveEvents((event: LiveEvent) => {
    if (!prefs) return;
    const alert = concernsMe(event, me.id, prefs);
    if (!alert) return;
    if (prefs.sound) playChime();
    if (document.hidden && !pushed.current) showDesktopNotification(alert, navigate);
  });
}

function showDesktopNotification(alert: Alert, navigate: (to: string) => void): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const notification = new Notification(alert.title, { body: alert.body, tag: `conversation-${alert.conversationId}`, icon: '/icon-192.png' });
  notification.onclick = () => {
    window.focus();
    navigate(`/inbox/${alert.conversationId}`);
    notification.close();
  };
}
