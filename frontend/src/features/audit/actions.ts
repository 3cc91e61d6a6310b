// Audit action codes ("results.listed") in words. The codes stay the filter's value and show as
// a tooltip; a code without a translation shows as itself.
import type { TFunction } from 'i18next';
import zh from '../../lib/i18n/zh-CN';

// i18next reads '.' as a key separator, so the translation keys spell it '~'
const key = (code: string) => `audit.actions.${code.replace(/\./g, '~')}`;

export const AUDIT_ACTIONS: readonly string[] = Object.keys(zh.audit.actions).map((k) => k.replace(/~/g, '.'));

export function actionName(t: TFunction, code: string): string {
  return t(key(code), { defaultValue: code });
}
