import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/problem';
import { download } from './api';

/** 下载我的数据: the whole copy as JSON, or a readable HTML summary. */
export function DownloadMyData() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'json' | 'html' | null>(null);
  const get = async (format: 'json' | 'html') => {
    setBusy(format);
    try {
      await download(`/api/v1/me/data?format=${format}`, `my-data.${format}`);
      void message.success(t('privacy.download.done'));
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('privacy.download.title')}</h2>} size="small">
      <Typography.Paragraph type="secondary">{t('privacy.download.intro')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <Button type="primary" icon={<DownloadOutlined aria-hidden />} loading={busy === 'json'} onClick={() => void get('json')} style={{ minHeight: 44, flex: '1 1 220px' }}>
          {t('privacy.download.json')}
        </Button>
        <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'html'} onClick={() => void get('html')} style={{ minHeight: 44, flex: '1 1 220px' }}>
          {t('privacy.download.html')}
        </Button>
      </Flex>
    </Card>
  );
}
