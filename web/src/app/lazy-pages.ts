import { lazyPage } from './lazy-page.tsx';

/**
 * The pages that are not the inbox, each in a chunk of its own fetched when first opened
 * (test/unit/build/web-split.test.ts fails if the entry imports one of them). Import them from
 * here, never their modules directly: one static import anywhere in the entry's graph puts the
 * page back into the bundle every agent downloads.
 */
export const DashboardPage = lazyPage(() => import('../pages/dashboard/DashboardPage.tsx').then((m) => m.DashboardPage));
export const ContactsPage = lazyPage(() => import('../pages/contacts/ContactsPage.tsx').then((m) => m.ContactsPage));
export const ContactPage = lazyPage(() => import('../pages/contacts/ContactPage.tsx').then((m) => m.ContactPage));
export const SettingsRoutes = lazyPage(() => import('../pages/settings/SettingsRoutes.tsx').then((m) => m.SettingsRoutes));
