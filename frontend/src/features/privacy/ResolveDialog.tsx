import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrivacyRequest, PrivacyResolution } from '../../api/types';
import { showServerErrors } from '../../lib/forms';
import { useResolveRequest } from './api';

interface Values {
  resolution: PrivacyResolution;
  note: string;
}

/** HR resolves a request; for a deletion, "done" erases the person (said plainly). */
export function ResolveDialog({ request, onClose }: { request: PrivacyRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const resolve = useResolveRequest();
  const resolution = Form.useWatch('resolution', form);
  const kind = t(`privacy.requests.kinds.${request.kind}`);
  const submit = (values: Values) =>
    resolve.mutate(
      { id: request.id, ...values },
      {
        onSuccess: () => {
          void message.success(t('privacy.queue.resolved'));
          onClose();
        },
        onError: (err) => {
          const rest = showServerErrors(form, err, t);
          if (rest) void message.error(rest);
        },
      },
    );
  return (
    <Modal
      open
      title={t('privacy.queue.resolveTitle', { kind })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('privacy.queue.resolve')}
      okButtonProps={{ loading: resolve.isPending, danger: request.kind === 'deletion' && resolution === 'done' }}
      destroyOnHidden
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{request.message}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ resolution: 'done' }} requiredMark={false}>
        <Form.Item name="resolution" label={t('privacy.queue.resolution')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value="done">{t('privacy.queue.done')}</Radio.Button>
            <Radio.Button value="declined">{t('privacy.queue.declined')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {request.kind === 'deletion' && resolution === 'done' && (
          <Alert type="warning" showIcon message={t('privacy.queue.deletionWarning')} style={{ marginBottom: 12 }} />
        )}
        <Form.Item name="note" label={t('privacy.queue.note')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('privacy.queue.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
