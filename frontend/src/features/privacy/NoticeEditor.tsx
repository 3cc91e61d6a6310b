import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Form, Input, Row, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrivacyNoticeIn } from '../../api/types';
import { showServerErrors } from '../../lib/forms';
import { errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { download, useNotice, usePublishNotice } from './api';
import { NoticeText } from './NoticeText';

/** Admin: the current notice, a new version in both languages with a live preview, and the
 * acknowledgements export. */
export function NoticeEditor() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const notice = useNotice();
  const publish = usePublishNotice();
  const [form] = Form.useForm<PrivacyNoticeIn>();
  const zh = Form.useWatch('body_zh', form) ?? '';
  const en = Form.useWatch('body_en', form) ?? '';
  if (notice.isPending) return <LoadingSkeleton rows={8} />;
  if (notice.isError) return <ErrorState error={notice.error} onRetry={() => void notice.refetch()} />;
  const submit = (values: PrivacyNoticeIn) =>
    publish.mutate(values, {
      onSuccess: () => {
        void message.success(t('privacy.admin.notice.published'));
        form.resetFields();
      },
      onError: (err) => {
        const rest = showServerErrors(form, err, t, { field: 'version', message: t('privacy.admin.notice.conflict') });
        if (rest) void message.error(rest);
      },
    });
  const exportAcks = async () => {
    try {
      await download('/api/v1/privacy-notice/acknowledgements/export', 'notice-acks.csv');
    } catch (err) {
      void message.error(errorMessage(err, t));
    }
  };
  const preview = (body: string) => (body.trim() ? <NoticeText body={body} /> : <Typography.Text type="secondary">{t('privacy.admin.notice.previewEmpty')}</Typography.Text>);
  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={t('privacy.admin.notice.current')}
        extra={
          <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void exportAcks()}>
            {t('privacy.admin.notice.exportAcks')}
          </Button>
        }
      >
        <Typography.Text strong>{t('privacy.notice.version', { version: notice.data.version })}</Typography.Text>{' '}
        <Typography.Text type="secondary">
          {notice.data.published_at ? t('privacy.notice.publishedAt', { date: formatDateTime(notice.data.published_at) }) : t('privacy.notice.builtIn')}
        </Typography.Text>
      </Card>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ body_zh: notice.data.body_zh, body_en: notice.data.body_en }}
        requiredMark={false}
      >
        <Form.Item
          name="version"
          label={t('privacy.admin.notice.version')}
          extra={t('privacy.admin.notice.versionHelp')}
          rules={[{ required: true, whitespace: true, max: 32, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, message: t('privacy.admin.notice.versionHelp') }]}
        >
          <Input style={{ maxWidth: 240 }} autoComplete="off" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item name="body_zh" label={t('privacy.admin.notice.bodyZh')} rules={[{ required: true, whitespace: true, min: 20, max: 20000 }]}>
              <Input.TextArea rows={12} />
            </Form.Item>
            <Form.Item name="body_en" label={t('privacy.admin.notice.bodyEn')} rules={[{ required: true, whitespace: true, min: 20, max: 20000 }]}>
              <Input.TextArea rows={12} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('privacy.admin.notice.preview')} data-testid="notice-preview">
              <Tabs
                items={[
                  { key: 'zh', label: '中文', children: preview(zh) },
                  { key: 'en', label: 'English', children: preview(en) },
                ]}
              />
            </Card>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={publish.isPending} style={{ minHeight: 44 }}>
          {t('privacy.admin.notice.publish')}
        </Button>
      </Form>
    </Flex>
  );
}
