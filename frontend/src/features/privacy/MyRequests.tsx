import { Alert, App, Button, Card, Flex, Form, Input, Radio, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrivacyRequest, PrivacyRequestKind, PrivacyRequestStatus } from '../../api/types';
import { showServerErrors } from '../../lib/forms';
import { ApiError } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useFileRequest, useMyRequests } from './api';

export const KINDS: PrivacyRequestKind[] = ['correction', 'deletion', 'explanation', 'objection'];
const STATUS_COLORS: Record<PrivacyRequestStatus, string> = { open: 'processing', done: 'success', declined: 'default' };

export function RequestStatusTag({ status }: { status: PrivacyRequestStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`privacy.requests.status.${status}`)}</Tag>;
}

function RequestItem({ item }: { item: PrivacyRequest }) {
  const { t } = useTranslation();
  return (
    <li data-testid="my-request" style={{ listStyle: 'none', padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>{t(`privacy.requests.kinds.${item.kind}`)}</Typography.Text>
        <RequestStatusTag status={item.status} />
      </Flex>
      <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{item.message}</Typography.Paragraph>
      <Typography.Text type={item.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
        {formatDateTime(item.created_at)} · {t('privacy.requests.due', { date: formatDateTime(item.due_at) })}
      </Typography.Text>
      {item.note && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
          {t('privacy.requests.note', { note: item.note })}
        </Typography.Paragraph>
      )}
    </li>
  );
}

interface FormValues {
  kind: PrivacyRequestKind;
  message: string;
}

/** My requests (更正 / 删除 / 解释 / 反对) with their status, and the form to file one. */
export function MyRequests() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const list = useMyRequests();
  const file = useFileRequest();
  const kind = Form.useWatch('kind', form);
  const submit = (values: FormValues) =>
    file.mutate(values, {
      onSuccess: () => {
        form.resetFields();
        void message.success(t('privacy.requests.submitted'));
      },
      onError: (err) => {
        if (err instanceof ApiError && err.status === 409) form.setFields([{ name: 'kind', errors: [t('privacy.requests.conflict')] }]);
        else {
          const rest = showServerErrors(form, err, t);
          if (rest) void message.error(rest);
        }
      },
    });
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('privacy.requests.title')}</h2>} size="small">
      <Typography.Paragraph type="secondary">{t('privacy.requests.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'correction' }} requiredMark={false}>
        <Form.Item name="kind" label={t('privacy.requests.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
            {KINDS.map((k) => (
              <Radio.Button key={k} value={k} style={{ minHeight: 44, lineHeight: '42px' }}>
                {t(`privacy.requests.kinds.${k}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {kind && <Alert type={kind === 'deletion' ? 'warning' : 'info'} message={t(`privacy.requests.hints.${kind}`)} style={{ marginBottom: 12 }} />}
        <Form.Item name="message" label={t('privacy.requests.message')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('privacy.requests.messagePlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={file.isPending} block style={{ minHeight: 44 }}>
          {t('privacy.requests.submit')}
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        {list.isPending ? (
          <LoadingSkeleton rows={3} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.items.length === 0 ? (
          <EmptyState description={t('privacy.requests.empty')} />
        ) : (
          <ul style={{ padding: 0, margin: 0 }} aria-label={t('privacy.requests.title')}>
            {list.items.map((item) => (
              <RequestItem key={item.id} item={item} />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
