import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationPreferences as Preferences } from '../../api/notifications-api.ts';
import { deviceState, disableOnThisDevice, enableOnThisDevice, type DeviceState } from './push-device.ts';
import { useNotificationPreferences, useUpdateNotificationPreferences } from './use-notification-preferences.ts';

const CHOICES: (keyof Preferences)[] = ['newMessage', 'assigned', 'mentioned', 'newConversation', 'slaBreach', 'sound'];

/** What notifies me, and whether this device shows notifications: a part of the profile settings. */
export function NotificationPreferences() {
  const { t } = useTranslation('notifications');
  const { data: prefs, error } = useNotificationPreferences();
  const update = useUpdateNotificationPreferences();
  return (
    <section className="card notify-prefs" aria-labelledby="notify-prefs-title" data-testid="notification-preferences">
      <h2 id="notify-prefs-title">{t('prefs.title')}</h2>
      <DeviceNotifications />
      <fieldset className="notify-prefs__choices" disabled={!prefs || update.isPending}>
        <legend className="field__label">{t('prefs.legend')}</legend>
        {CHOICES.map((key) => (
          <label key={key} className="check notify-prefs__choice">
            <input type="checkbox" checked={prefs?.[key] ?? false} onChange={(e) => update.mutate({ [key]: e.target.checked })} data-testid={`notify-pref-${key}`} />
            <span>
              {t(`prefs.${key}.label`)}
              <span className="field__hint notify-prefs__hint">{t(`prefs.${key}.hint`)}</span>
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

const DEVICE_TEXT = { unsupported: 'unsupported', denied: 'denied', off: 'off', on: 'on', 'in-tab-only': 'inTabOnly' } as const satisfies Record<DeviceState, string>;

/** This device: asks the browser's permission from the click, then subscribes it to pushes. */
function DeviceNotifications() {
  const { t } = useTranslation('notifications');
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
      <p className="notify-device__state">{t(`device.${DEVICE_TEXT[state]}`)}</p>
      {(state === 'off' || state === 'in-tab-only') && (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => run(enableOnThisDevice)} data-testid="notify-enable-device">
          {t('device.enable')}
        </button>
      )}
      {state === 'on' && (
        <button type="button" className="button" disabled={busy} onClick={() => run(async () => (await disableOnThisDevice(), deviceState()))} data-testid="notify-disable-device">
          {t('device.disable')}
        </button>
      )}
    </div>
  );
}
