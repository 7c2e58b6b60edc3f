import 'i18next';
import type { Resources } from './resources.ts';

/** Keys are typed: `t('inbox:reply')` with a key English does not have fails the typecheck. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Resources;
  }
}
