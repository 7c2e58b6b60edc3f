import type { User } from '../../api/types.ts';
import type en from '../../i18n/locales/en/settings.json';

/** A page's id is its key under `pages` in the `settings` namespace: `pages.<id>.label` and `.hint`. */
export type SettingsPageId = keyof (typeof en)['pages'];

/** One page under Settings. `adminOnly` hides it from agents here; the server checks the role on its own. */
export interface SettingsPageEntry {
  id: SettingsPageId;
  path: string;
  /** Its name in the navigation (`settings:pages.<id>.label`). */
  label: `pages.${SettingsPageId}.label`;
  /** What it is for, as the link's title (`settings:pages.<id>.hint`). */
  hint: `pages.${SettingsPageId}.hint`;
  adminOnly: boolean;
}

/** One entry: its texts are the `settings` namespace's `pages.<id>`. */
const page = (id: SettingsPageId, adminOnly: boolean): SettingsPageEntry => ({
  id,
  path: `/settings/${id}`,
  label: `pages.${id}.label`,
  hint: `pages.${id}.hint`,
  adminOnly,
});

/**
 * Every settings page, in the order the navigation shows them. A new page adds one line here, its
 * texts under `pages.<id>` in locales/{en,de,es}/settings.json, and its route in `SettingsRoutes.tsx`.
 */
// One line per page, so that pages added at the same time merge cleanly.
// prettier-ignore
export const SETTINGS_PAGES: SettingsPageEntry[] = [
  page('channels', false),
  page('profile', false),
  page('users', true),
  page('canned', false),
  page('labels', false),
  page('tokens', true),
  page('teams', true),
  page('organisation', true),
  page('integrations', true),
  page('automation', true),
  page('journal', true),
  page('export', true),
  page('ai', true),
];

export function settingsPagesFor(role: User['role']): SettingsPageEntry[] {
  return SETTINGS_PAGES.filter((p) => role === 'admin' || !p.adminOnly);
}
