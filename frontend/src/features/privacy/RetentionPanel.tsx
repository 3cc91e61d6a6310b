import { App, Button, Card, Descriptions, Flex, Form, InputNumber, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetentionPolicyIn, RetentionPreview } from '../../api/types';
import { showServerErrors } from '../../lib/forms';
import { formatDateTime } from '../../lib/time';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useRetentionPolicy, useRetentionPreview, useRetentionRuns, useSaveRetentionPolicy } from './api';

const FIELDS: { name: keyof RetentionPolicyIn; label: string; min: number }[] = [
  { name: 'raw_delivery_days', label: 'privacy.admin.retention.raw', min: 1 },
  { name: 'candidate_days', label: 'privacy.admin.retention.candidates', min: 30 },
  { name: 'audit_days', label: 'privacy.admin.retention.audit', min: 180 },
  { name: 'notification_days', label: 'privacy.admin.retention.notifications', min: 7 },
];
const COUNT_KEYS = ['raw_bodies', 'erased_people_bodies', 'candidates', 'notifications', 'audit_events'] as const;

function PreviewCard({ preview }: { preview: RetentionPreview }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      data-testid="retention-preview"
      size="small"
      bordered
      column={1}
      title={t('privacy.admin.retention.previewTitle')}
      items={COUNT_KEYS.map((key) => ({
        key,
        label: t(`privacy.admin.retention.counts.${key}`),
        children: preview.counts[key].toLocaleString(),
      }))}
    />
  );
}

function Runs() {
  const { t } = useTranslation();
  const runs = useRetentionRuns();
  if (runs.isPending) return <LoadingSkeleton rows={3} />;
  if (runs.isError) return <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />;
  if (runs.items.length === 0) return <EmptyState description={t('privacy.admin.retention.noRuns')} />;
  return (
    <List
      size="small"
      dataSource={runs.items}
      renderItem={(run) => (
        <List.Item key={run.id}>
          <Flex vertical gap={2}>
            <span>
              {formatDateTime(run.started_at)} · {run.trigger} {run.error && <Tag color="error">{t('privacy.admin.retention.failed')}</Tag>}
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {COUNT_KEYS.filter((k) => k in run.counts)
                .map((k) => `${t(`privacy.admin.retention.counts.${k}`)} ${String(run.counts[k])}`)
                .join(' · ')}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** Admin: the retention policy, a preview of the next run, and the runs so far. */
export function RetentionPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const policy = useRetentionPolicy();
  const save = useSaveRetentionPolicy();
  const [form] = Form.useForm<RetentionPolicyIn>();
  const [previewing, setPreviewing] = useState(false);
  const preview = useRetentionPreview(previewing);
  if (policy.isPending) return <LoadingSkeleton rows={6} />;
  if (policy.isError) return <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />;
  const submit = (values: RetentionPolicyIn) =>
    save.mutate(values, {
      onSuccess: () => void message.success(t('privacy.admin.retention.saved')),
      onError: (err) => {
        const rest = showServerErrors(form, err, t);
        if (rest) void message.error(rest);
      },
    });
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        {policy.data.is_default && <Typography.Paragraph type="secondary">{t('privacy.admin.retention.defaults')}</Typography.Paragraph>}
        <Form form={form} layout="vertical" onFinish={submit} initialValues={policy.data} requiredMark={false}>
          <Flex gap={16} wrap>
            {FIELDS.map((f) => (
              <Form.Item key={f.name} name={f.name} label={t(f.label)} rules={[{ required: true, type: 'number', min: f.min, max: 3650 }]} style={{ minWidth: 200 }}>
                <InputNumber min={f.min} max={3650} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            ))}
          </Flex>
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" loading={save.isPending} style={{ minHeight: 44 }}>
              {t('privacy.admin.retention.save')}
            </Button>
            <Button
              onClick={() => (previewing ? void preview.refetch() : setPreviewing(true))}
              loading={preview.isFetching}
              style={{ minHeight: 44 }}
            >
              {t('privacy.admin.retention.preview')}
            </Button>
          </Flex>
        </Form>
      </Card>
      {previewing && preview.isError && <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />}
      {preview.data && <PreviewCard preview={preview.data} />}
      <Card size="small" title={t('privacy.admin.retention.runs')}>
        <Runs />
      </Card>
    </Flex>
  );
}
