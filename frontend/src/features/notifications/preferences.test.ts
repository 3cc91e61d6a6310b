import { describe, expect, it } from 'vitest';
import type { NotificationPreferences } from '../../api/types';
import { applyToggle, channelSwitches, toggleBody } from './preferences';

const prefs: NotificationPreferences = {
  channels: { in_app: true, email: true, wecom: false, dingtalk: true, sms: false, webpush: false },
  available: ['in_app', 'email', 'wecom'],
};

describe('notification preferences', () => {
  it('shows a switch per channel in a fixed order, in-app locked on', () => {
    expect(channelSwitches(prefs)).toEqual([
      { key: 'in_app', checked: true, locked: true, available: true },
      { key: 'email', checked: true, locked: false, available: true },
      { key: 'wecom', checked: false, locked: false, available: true },
      { key: 'dingtalk', checked: true, locked: false, available: false },
      { key: 'sms', checked: false, locked: false, available: false },
      { key: 'webpush', checked: false, locked: false, available: false },
    ]);
  });

  it('sends only the channel that was flipped', () => {
    expect(toggleBody('wecom', true)).toEqual({ wecom: true });
    expect(toggleBody('email', false)).toEqual({ email: false });
    expect(toggleBody('in_app', false)).toBeNull();
  });

  it('applies a toggle without touching other channels', () => {
    expect(applyToggle(prefs, 'sms', true).channels).toEqual({ ...prefs.channels, sms: true });
    expect(applyToggle(prefs, 'in_app', false)).toBe(prefs);
  });
});
