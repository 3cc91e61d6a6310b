import { Alert, Button, Card, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../lib/auth/context';
import { errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useAcknowledge, useNotice } from './api';
import { NoticeText, useNoticeBody } from './NoticeText';

/** Shown instead of the app until the employee acknowledges the current notice (phone first). */
export function NoticeGate() {
  const { t } = useTranslation();
  const auth = useAuth();
  const notice = useNotice();
  const acknowledge = useAcknowledge();
  const [read, setRead] = useState(false);
  const body = useNoticeBody(notice.data);
  return (
    <Flex justify="center" style={{ minHeight: '100vh', padding: 12, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 720, alignSelf: 'flex-start' }} role="dialog" aria-modal="true" aria-labelledby="notice-title">
        <Typography.Title level={3} id="notice-title" style={{ marginTop: 0 }}>
          {t('privacy.notice.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('privacy.notice.intro')}</Typography.Paragraph>
        {notice.isPending ? (
          <LoadingSkeleton rows={8} />
        ) : notice.isError ? (
          <ErrorState error={notice.error} onRetry={() => void notice.refetch()} />
        ) : (
          <>
            <Typography.Text type="secondary">
              {t('privacy.notice.version', { version: notice.data.version })}
              {notice.data.published_at ? ` · ${t('privacy.notice.publishedAt', { date: formatDateTime(notice.data.published_at) })}` : ''}
            </Typography.Text>
            <div style={{ maxHeight: '55vh', overflowY: 'auto', margin: '12px 0', padding: 12, border: '1px solid #f0f0f0', borderRadius: 8 }} tabIndex={0}>
              <NoticeText body={body} />
            </div>
            {acknowledge.isError && <Alert type="error" showIcon message={errorMessage(acknowledge.error, t)} style={{ marginBottom: 12 }} />}
            <Checkbox checked={read} onChange={(e) => setRead(e.target.checked)} style={{ minHeight: 44, alignItems: 'center' }}>
              {t('privacy.notice.checkbox')}
            </Checkbox>
            <Flex gap={8} wrap style={{ marginTop: 12 }}>
              <Button
                type="primary"
                size="large"
                disabled={!read}
                loading={acknowledge.isPending}
                onClick={() => acknowledge.mutate(notice.data.version)}
                style={{ flex: '1 1 200px' }}
              >
                {t('privacy.notice.acknowledge')}
              </Button>
              <Button size="large" onClick={() => void auth.logout()} style={{ flex: '0 1 auto' }}>
                {t('privacy.notice.logout')}
              </Button>
            </Flex>
          </>
        )}
      </Card>
    </Flex>
  );
}
