import { App, Card, Flex, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NotificationChannelKey } from '../../api/types';
import { errorMessage } from '../../lib/problem';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { PageHeader } from '../../lib/ui/PageHeader';
import { usePreferences, useSavePreferences } from './api';
import { channelSwitches, toggleBody } from './preferences';
import { PushSwitch } from './PushSwitch';

export default function PreferencesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const prefs = usePreferences();
  const save = useSavePreferences();
  const toggle = (key: NotificationChannelKey, checked: boolean) => {
    const body = toggleBody(key, checked);
    if (!body) return;
    save.mutate(body, {
      onSuccess: () => void message.success(t('selfservice.prefs.saved')),
      onError: (err) => void message.error(errorMessage(err, t)),
    });
  };
  return (
    <>
      <PageHeader title={t('selfservice.prefs.title')} />
      <Typography.Paragraph type="secondary">{t('selfservice.prefs.intro')}</Typography.Paragraph>
      {prefs.isPending ? (
        <LoadingSkeleton rows={5} />
      ) : prefs.isError ? (
        <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : (
        <Card styles={{ body: { padding: '4px 16px' } }} style={{ maxWidth: 560 }}>
          {channelSwitches(prefs.data).map((s) => {
            const id = `pref-${s.key}`;
            return (
              <Flex key={s.key} justify="space-between" align="center" gap={12} style={{ minHeight: 64, borderBottom: '1px solid #f0f0f0' }}>
                <label htmlFor={id} style={{ flex: 1, minWidth: 0, cursor: s.locked ? 'default' : 'pointer' }}>
                  <Typography.Text strong style={{ display: 'block' }}>
                    {t(`selfservice.prefs.channel.${s.key}`)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {s.available ? t(`selfservice.prefs.hint.${s.key}`) : t('selfservice.prefs.unavailable')}
                  </Typography.Text>
                </label>
                <Switch
                  id={id}
                  checked={s.checked}
                  disabled={s.locked || save.isPending}
                  onChange={(checked) => toggle(s.key, checked)}
                  data-testid={id}
                />
              </Flex>
            );
          })}
          <PushSwitch />
        </Card>
      )}
    </>
  );
}
