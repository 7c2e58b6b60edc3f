import type { User } from '../../api/types.ts';

/** One page under Settings. `adminOnly` hides it from agents here; the server checks the role on its own. */
export interface SettingsPageEntry {
  id: string;
  path: string;
  label: string;
  hint: string;
  adminOnly: boolean;
}

/**
 * Every settings page, in the order the navigation shows them. A new page adds one line here and its
 * route in `SettingsRoutes.tsx`.
 */
export const SETTINGS_PAGES: SettingsPageEntry[] = [
  { id: 'channels', path: '/settings/channels', label: 'Channels', hint: 'Connected accounts on each platform', adminOnly: false },
  { id: 'profile', path: '/settings/profile', label: 'Profile', hint: 'Your name, picture, password, sessions, notifications and language', adminOnly: false },
  { id: 'users', path: '/settings/users', label: 'Users', hint: 'Agents and admins: add them, roles, access, sessions', adminOnly: true },
  { id: 'tokens', path: '/settings/tokens', label: 'API tokens', hint: 'Tokens for scripts and integrations', adminOnly: true },
];

export function settingsPagesFor(role: User['role']): SettingsPageEntry[] {
  return SETTINGS_PAGES.filter((p) => role === 'admin' || !p.adminOnly);
}
