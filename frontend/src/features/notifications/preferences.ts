// Notification preferences: which switch shows what, and what a toggle sends.
import type { NotificationChannelKey, NotificationPreferences } from '../../api/types';

export const CHANNEL_ORDER: readonly NotificationChannelKey[] = ['in_app', 'email', 'wecom', 'dingtalk', 'sms', 'webpush'];

export interface ChannelSwitch {
  key: NotificationChannelKey;
  checked: boolean;
  /** In-app is always on. */
  locked: boolean;
  /** An admin has not enabled the channel: the choice is kept but nothing is sent yet. */
  available: boolean;
}

/** One switch per channel, in a fixed order, from GET /me/notification-preferences. */
export function channelSwitches(prefs: NotificationPreferences): ChannelSwitch[] {
  const available = new Set(prefs.available ?? []);
  return CHANNEL_ORDER.map((key) => ({
    key,
    checked: key === 'in_app' ? true : Boolean(prefs.channels[key]),
    locked: key === 'in_app',
    available: key === 'in_app' || available.has(key),
  }));
}

/** The PUT body for flipping one switch: only that channel (omitted ones keep their value). */
export function toggleBody(key: NotificationChannelKey, checked: boolean): Partial<NotificationPreferences['channels']> | null {
  if (key === 'in_app') return null; // cannot be switched off
  return { [key]: checked };
}

/** The preferences as they will be after a toggle (for an optimistic switch). */
export function applyToggle(prefs: NotificationPreferences, key: NotificationChannelKey, checked: boolean): NotificationPreferences {
  if (key === 'in_app') return prefs;
  return { ...prefs, channels: { ...prefs.channels, [key]: checked } };
}
