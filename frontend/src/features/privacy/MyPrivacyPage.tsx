import { FileProtectOutlined } from '@ant-design/icons';
import { Button, Flex, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { LinkedIdentities } from '../identity/LinkedIdentities';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { AccessTimeline } from './AccessTimeline';
import { useNotice } from './api';
import { DownloadMyData } from './DownloadMyData';
import { MyRequests } from './MyRequests';
import { NoticeText, useNoticeBody } from './NoticeText';

function NoticeButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const notice = useNotice();
  const body = useNoticeBody(notice.data);
  return (
    <>
      <Button icon={<FileProtectOutlined aria-hidden />} onClick={() => setOpen(true)} style={{ minHeight: 44 }}>
        {t('privacy.notice.view')}
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} title={t('privacy.notice.title')} width={720}>
        {notice.isPending ? (
          <LoadingSkeleton rows={6} />
        ) : notice.isError ? (
          <ErrorState error={notice.error} onRetry={() => void notice.refetch()} />
        ) : (
          <>
            <Typography.Text type="secondary">
              {t('privacy.notice.version', { version: notice.data.version })}
              {notice.data.acknowledged_at ? ` · ${t('privacy.notice.acknowledgedAt', { date: formatDateTime(notice.data.acknowledged_at) })}` : ''}
            </Typography.Text>
            <div style={{ marginTop: 12 }}>
              <NoticeText body={body} />
            </div>
          </>
        )}
      </Modal>
    </>
  );
}

/** 我的隐私 (employee, phone first): who viewed my scores, my data, my requests. */
export default function MyPrivacyPage() {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title={t('privacy.my.title')} extra={<NoticeButton />} />
      <Typography.Paragraph type="secondary">{t('privacy.my.intro')}</Typography.Paragraph>
      <Flex vertical gap={16}>
        <AccessTimeline />
        <DownloadMyData />
        <MyRequests />
        <LinkedIdentities />
      </Flex>
    </div>
  );
}
