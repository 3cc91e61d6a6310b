import { App, Flex, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/problem';
import { useSubscribePush, useUnsubscribePush, useWebPushKey } from './api';
import { currentSubscription, pushSupported, subscribeBrowser, unsubscribeBrowser } from './push';

/** "浏览器推送" for this browser: on asks permission, subscribes and sends the subscription;
 * off unsubscribes this browser (others the user subscribed keep theirs). */
export function PushSwitch() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const supported = pushSupported();
  const key = useWebPushKey(supported);
  const subscribe = useSubscribePush();
  const unsubscribe = useUnsubscribePush();
  const [on, setOn] = useState(false);
  const [busy, setBusy] = useState(false);
  const denied = supported && Notification.permission === 'denied';

  useEffect(() => {
    void currentSubscription().then((s) => setOn(Boolean(s)));
  }, []);

  const toggle = async (checked: boolean) => {
    setBusy(true);
    try {
      if (checked) {
        const outcome = await subscribeBrowser(key.data?.public_key ?? '');
        if (!outcome.ok) {
          void message.warning(t(`selfservice.push.${outcome.reason}`));
          return;
        }
        await subscribe.mutateAsync(outcome.subscription);
        setOn(true);
        void message.success(t('selfservice.push.on'));
      } else {
        const endpoint = await unsubscribeBrowser();
        if (endpoint) await unsubscribe.mutateAsync(endpoint);
        setOn(false);
        void message.success(t('selfservice.push.off'));
      }
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const hint = !supported
    ? t('selfservice.push.unsupported')
    : denied
      ? t('selfservice.push.denied')
      : key.data && !key.data.enabled
        ? t('selfservice.prefs.unavailable')
        : t('selfservice.push.hint');
  return (
    <Flex justify="space-between" align="center" gap={12} style={{ minHeight: 64 }}>
      <label htmlFor="push-this-browser" style={{ flex: 1, minWidth: 0, cursor: 'pointer' }}>
        <Typography.Text strong style={{ display: 'block' }}>
          {t('selfservice.push.title')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {hint}
        </Typography.Text>
      </label>
      <Switch
        id="push-this-browser"
        data-testid="push-this-browser"
        checked={on}
        loading={busy}
        disabled={!supported || denied || !key.data?.enabled}
        onChange={(checked) => void toggle(checked)}
      />
    </Flex>
  );
}
