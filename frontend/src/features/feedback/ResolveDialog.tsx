import { Alert, Flex, Form, Input, InputNumber, Modal, Radio, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedbackDetail } from '../../api/types';
import { errorMessage } from '../../lib/problem';
import { useResolve, type ResolveBody } from './api';
import { MAX_MESSAGE } from './FeedbackThread';
import { dimensionChanges, hasAdjustment, resolveBody, totalChange } from './resolve';

interface Values {
  resolution: ResolveBody['resolution'];
  note: string;
  total?: number | null;
  dims?: Record<string, number | null>;
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** 维持 / 调整分数 / 驳回, with old → new per dimension and total when adjusting. */
export function ResolveDialog({ feedback, open, onClose }: { feedback: FeedbackDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const resolve = useResolve(feedback.id);
  const [error, setError] = useState<string | null>(null);
  const resolution = Form.useWatch('resolution', form);
  const total = Form.useWatch('total', form);
  const dims = Form.useWatch('dims', form);
  const r = feedback.result;
  const changes = { total: totalChange(r.total_score, r.max_score, total), dimensions: dimensionChanges(r.dimensions, dims ?? {}) };

  const submit = (values: Values) => {
    setError(null);
    if (values.resolution === 'adjusted' && !hasAdjustment(changes)) {
      setError(t('selfservice.resolve.noChange'));
      return;
    }
    resolve.mutate(resolveBody(values.resolution, values.note, changes), {
      onSuccess: onClose,
      onError: (err) => setError(errorMessage(err, t)),
    });
  };

  return (
    <Modal
      open={open}
      title={t('selfservice.resolve.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('selfservice.resolve.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={resolve.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'resolve-submit' }}
    >
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          resolution: 'upheld',
          note: '',
          total: r.total_score,
          dims: Object.fromEntries(r.dimensions.map((d) => [d.code, d.score])),
        }}
        onFinish={submit}
      >
        <Form.Item name="resolution" label={t('selfservice.resolve.resolution')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="resolve-resolution">
            {(['upheld', 'adjusted', 'rejected'] as const).map((k) => (
              <Radio.Button key={k} value={k} style={{ minHeight: 44, lineHeight: '42px' }}>
                {t(`selfservice.resolve.${k}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {resolution && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
            {t(`selfservice.resolve.${resolution}Hint`)}
          </Typography.Paragraph>
        )}
        {resolution === 'adjusted' && (
          <>
            <Table
              size="small"
              pagination={false}
              rowKey="code"
              scroll={{ x: 'max-content' }}
              dataSource={r.dimensions}
              data-testid="resolve-dimensions"
              columns={[
                { title: t('selfservice.resolve.dimension'), dataIndex: 'name' },
                { title: t('selfservice.resolve.old'), render: (_, d) => `${fmt(d.score)} / ${d.max_score}` },
                {
                  title: t('selfservice.resolve.new'),
                  render: (_, d) => (
                    <Form.Item name={['dims', d.code]} noStyle>
                      <InputNumber min={0} max={d.max_score} step={0.5} aria-label={`${d.name} ${t('selfservice.resolve.new')}`} style={{ width: 100 }} />
                    </Form.Item>
                  ),
                },
              ]}
            />
            <Form.Item
              name="total"
              label={`${t('selfservice.resolve.newTotal')} (${t('selfservice.resolve.old')} ${fmt(r.total_score)} / ${r.max_score})`}
              style={{ marginTop: 12 }}
            >
              <InputNumber min={0} max={r.max_score} step={0.5} style={{ width: 160 }} data-testid="resolve-total" />
            </Form.Item>
            <Flex vertical gap={2} data-testid="resolve-changes" style={{ marginBottom: 12 }}>
              <Typography.Text strong>{t('selfservice.resolve.changes')}</Typography.Text>
              {!hasAdjustment(changes) && <Typography.Text type="secondary">{t('selfservice.resolve.noChange')}</Typography.Text>}
              {changes.total && (
                <Typography.Text>
                  {t('selfservice.feedback.change', { name: t('selfservice.myResults.total'), from: fmt(changes.total.from), to: fmt(changes.total.to) })}
                </Typography.Text>
              )}
              {changes.dimensions.map((c) => (
                <Typography.Text key={c.code}>{t('selfservice.feedback.change', { name: c.name, from: fmt(c.from), to: fmt(c.to) })}</Typography.Text>
              ))}
            </Flex>
          </>
        )}
        <Form.Item
          name="note"
          label={t('selfservice.resolve.note')}
          rules={[
            { required: true, whitespace: true, message: t('selfservice.resolve.noteRequired') },
            { max: MAX_MESSAGE, message: t('selfservice.feedback.messageTooLong') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={MAX_MESSAGE} data-testid="resolve-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
