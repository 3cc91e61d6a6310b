// Result flags ("please look twice") in plain words. Known flags have i18n keys under results.flag.*;
// unknown ones are shown as readable words rather than snake_case.
import type { TFunction } from 'i18next';

export const KNOWN_FLAGS = ['score_out_of_range', 'dimension_set_changed', 'total_far_from_dimension_mean', 'large_revision_change'] as const;

export function humanizeFlag(flag: string): string {
  const words = flag.replace(/[_.-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : flag;
}

export function flagLabel(flag: string, t: TFunction): string {
  return t(`results.flag.${flag}`, { defaultValue: humanizeFlag(flag) });
}

export function flagExplanation(flag: string, t: TFunction): string {
  return t(`results.flagHelp.${flag}`, { defaultValue: '' });
}
