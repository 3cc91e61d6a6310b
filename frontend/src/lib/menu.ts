// The side menu is built only from the keys of GET /me/permissions `menus`; unknown keys are ignored.

export const MENU_KEYS = [
  'home',
  'workbench',
  'my-results',
  'my-privacy',
  'feedback-inbox',
  'privacy-requests',
  'people',
  'departments',
  'positions',
  'batches',
  'vendors',
  'users',
  'integration-clients',
  'webhook-endpoints',
  'audit',
  'privacy',
  'analytics',
  'imports',
  'fairness',
  'notifications',
  'notification-channels',
  'identity-providers',
  'notification-deliveries',
  'standards',
  'reports',
] as const;

export type MenuKey = (typeof MENU_KEYS)[number];

export interface MenuEntry {
  key: MenuKey;
  path: string;
  /** i18n key of the label */
  label: `menu.${MenuKey}`;
}

export function isMenuKey(value: string): value is MenuKey {
  return (MENU_KEYS as readonly string[]).includes(value);
}

export function menuPath(key: MenuKey): string {
  return key === 'home' ? '/' : `/${key}`;
}

/** Menu entries for the given permission keys, in the product's fixed order, without duplicates. */
export function buildMenu(keys: readonly string[] | null | undefined): MenuEntry[] {
  const granted = new Set((keys ?? []).filter(isMenuKey));
  return MENU_KEYS.filter((key) => granted.has(key)).map((key) => ({
    key,
    path: menuPath(key),
    label: `menu.${key}` as const,
  }));
}

/** The menu key whose page shows `pathname` (longest matching prefix). */
export function menuKeyForPath(pathname: string): MenuKey | null {
  if (pathname === '/' || pathname === '') return 'home';
  const first = pathname.split('/')[1] ?? '';
  return isMenuKey(first) && first !== 'home' ? first : null;
}
