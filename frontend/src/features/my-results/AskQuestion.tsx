import { Alert, Button, Drawer, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/problem';
import { useIsMobile } from '../../lib/ui/media';
import { useCreateFeedback } from '../feedback/api';
import { MAX_MESSAGE } from '../feedback/FeedbackThread';
import { conflictingFeedbackId } from './api';

/** The question form: one text box with a counter. Reports the new (or already open) feedback. */
export function AskQuestionDrawer({
  resultId,
  open,
  onClose,
  onFiled,
}: {
  resultId: string;
  open: boolean;
  onClose: () => void;
  onFiled: (feedbackId: string, alreadyOpen: boolean) => void;
}) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [form] = Form.useForm<{ message: string }>();
  const create = useCreateFeedback();
  const [error, setError] = useState<string | null>(null);
  const submit = ({ message }: { message: string }) => {
    setError(null);
    create.mutate(
      { result_id: resultId, message: message.trim() },
      {
        onSuccess: (created) => {
          form.resetFields();
          onFiled(created.id, false);
        },
        onError: (err) => {
          const existing = conflictingFeedbackId(err);
          if (existing) onFiled(existing, true);
          else setError(errorMessage(err, t));
        },
      },
    );
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('selfservice.feedback.formTitle')}
      placement={mobile ? 'bottom' : 'right'}
      height={mobile ? 'auto' : undefined}
      width={mobile ? undefined : 480}
      destroyOnHidden
      styles={{ body: { paddingBottom: 24 } }}
    >
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="message"
          label={t('selfservice.feedback.message')}
          extra={t('selfservice.myResults.askHint')}
          rules={[
            { required: true, whitespace: true, message: t('selfservice.feedback.messageRequired') },
            { max: MAX_MESSAGE, message: t('selfservice.feedback.messageTooLong') },
          ]}
        >
          <Input.TextArea
            autoFocus
            autoSize={{ minRows: 4, maxRows: 10 }}
            showCount
            maxLength={MAX_MESSAGE}
            placeholder={t('selfservice.feedback.messagePlaceholder')}
            data-testid="feedback-message-input"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={create.isPending} style={{ minHeight: 44 }} data-testid="feedback-submit">
          {t('selfservice.feedback.submit')}
        </Button>
      </Form>
    </Drawer>
  );
}
