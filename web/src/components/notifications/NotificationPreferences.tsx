import { useEffect, useState } from 'react';
import type { NotificationPreferences as Preferences } from '../../api/notifications-api.ts';
import { deviceState, disableOnThisDevice, enableOnThisDevice, type DeviceState } from './push-device.ts';
import { useNotificationPreferences, useUpdateNotificationPreferences } from './use-notification-preferences.ts';

const CHOICES: { key: keyof Preferences; label: string; hint: string }[] = [
  { key: 'newMessage', label: 'New message in my conversations', hint: 'A customer writes in a conversation assigned to you.' },
  { key: 'assigned', label: 'Assigned to me', hint: 'Someone else gives you a conversation.' },
  { key: 'mentioned', label: 'Mentioned in a note', hint: 'A teammate names you with @ in a private note.' },
  { key: 'newConversation', label: 'New conversation', hint: 'A customer starts a conversation (in an open tab: writes in one nobody has taken).' },
  { key: 'slaBreach', label: 'SLA breach', hint: 'A conversation of yours waits longer than its SLA (once SLAs are set up).' },
  { key: 'sound', label: 'Play a sound', hint: 'In an open snorq tab, for what notifies you.' },
];

/** What notifies me, and whether this device shows notifications: a part of the profile settings. */
export function NotificationPreferences() {
  const { data: prefs, error } = useNotificationPreferences();
  const update = useUpdateNotificationPreferences();
  return (
    <section className="card notify-prefs" aria-labelledby="notify-prefs-title" data-testid="notification-preferences">
      <h2 id="notify-prefs-title">Notifications</h2>
      <DeviceNotifications />
      <fieldset className="notify-prefs__choices" disabled={!prefs || update.isPending}>
        <legend className="field__label">Notify me of</legend>
        {CHOICES.map((c) => (
          <label key={c.key} className="check notify-prefs__choice">
            <input type="checkbox" checked={prefs?.[c.key] ?? false} onChange={(e) => update.mutate({ [c.key]: e.target.checked })} data-testid={`notify-pref-${c.key}`} />
            <span>
              {c.label}
              <span className="field__hint notify-prefs__hint">{c.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {(error ?? update.error) && (
        <p className="form-error" role="alert" data-testid="notify-prefs-error">
          {(error ?? update.error)?.message}
        </p>
      )}
    </section>
  );
}

const DEVICE_TEXT: Record<DeviceState, string> = {
  unsupported: 'This browser cannot show notifications.',
  denied: 'Notifications are blocked for snorq in this browser’s site settings.',
  off: 'This device does not show notifications.',
  on: 'This device shows notifications, even with no snorq tab open.',
  'in-tab-only': 'This device shows notifications while a snorq tab is open (no push service here).',
};

/** This device: asks the browser's permission from the click, then subscribes it to pushes. */
function DeviceNotifications() {
  const [state, setState] = useState<DeviceState | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void deviceState().then(setState);
  }, []);
  const run = (action: () => Promise<DeviceState>) => {
    setBusy(true);
    void action()
      .then(setState)
      .catch(() => deviceState().then(setState))
      .finally(() => setBusy(false));
  };
  if (!state) return null;
  return (
    <div className="notify-device" data-testid="notify-device" data-state={state}>
      <p className="notify-device__state">{DEVICE_TEXT[state]}</p>
      {(state === 'off' || state === 'in-tab-only') && (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => run(enableOnThisDevice)} data-testid="notify-enable-device">
          Turn on notifications on this device
        </button>
      )}
      {state === 'on' && (
        <button type="button" className="button" disabled={busy} onClick={() => run(async () => (await disableOnThisDevice(), deviceState()))} data-testid="notify-disable-device">
          Stop push notifications on this device
        </button>
      )}
    </div>
  );
}
