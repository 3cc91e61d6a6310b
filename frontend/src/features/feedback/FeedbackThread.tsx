import { Alert, App, Button, Flex, Form, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FeedbackDetail, FeedbackMessage } from '../../api/types';
import { errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useSendMessage } from './api';
import { hoursLeftRoundedUp, promisedHours } from './sla';
import { useNow } from './useNow';

export const MAX_MESSAGE = 2000;

function Bubble({ message, mine, label }: { message: FeedbackMessage; mine: boolean; label: string }) {
  return (
    <Flex vertical align={mine ? 'end' : 'start'} data-testid="feedback-message" data-role={message.author_role}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label} · {formatDateTime(message.at)}
      </Typography.Text>
      <div
        style={{
          maxWidth: '85%',
          background: mine ? '#1677ff' : '#f0f2f5',
          color: mine ? '#fff' : 'rgba(0,0,0,0.88)',
          borderRadius: 12,
          padding: '8px 12px',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
        }}
      >
        {message.body}
      </div>
    </Flex>
  );
}

/** The employee's SLA line: "人事将在 24 小时内回复,剩余 18 小时". */
export function SlaPromise({ feedback }: { feedback: FeedbackDetail }) {
  const { t } = useTranslation();
  const now = useNow();
  if (feedback.status === 'resolved') return null;
  if (feedback.status === 'answered') return <Alert type="success" showIcon message={t('selfservice.feedback.answered')} data-testid="feedback-sla" />;
  const hours = promisedHours(feedback.created_at, feedback.due_at);
  const left = hoursLeftRoundedUp(feedback.due_at, now);
  return (
    <Alert
      type={left > 0 ? 'info' : 'warning'}
      showIcon
      data-testid="feedback-sla"
      message={left > 0 ? t('selfservice.feedback.promise', { hours, left }) : t('selfservice.feedback.promiseOverdue', { hours })}
    />
  );
}

export function ResolutionNote({ feedback }: { feedback: FeedbackDetail }) {
  const { t } = useTranslation();
  if (feedback.status !== 'resolved' || !feedback.resolution) return null;
  const adjusted = feedback.adjusted_from != null && feedback.adjusted_to != null;
  return (
    <Alert
      type={feedback.resolution === 'adjusted' ? 'success' : 'info'}
      showIcon
      data-testid="feedback-resolution"
      message={t('selfservice.feedback.resolvedNote', { resolution: t(`selfservice.feedback.resolution.${feedback.resolution}`) })}
      description={
        <>
          {adjusted && (
            <div>
              {t('selfservice.myResults.total')}: {feedback.adjusted_from!.toFixed(1)} → {feedback.adjusted_to!.toFixed(1)}
            </div>
          )}
          {feedback.resolution_note}
        </>
      }
    />
  );
}

export function FeedbackStatusTag({ status }: { status: FeedbackDetail['status'] }) {
  const { t } = useTranslation();
  const color = status === 'open' ? 'processing' : status === 'answered' ? 'success' : 'default';
  return (
    <Tag color={color} data-testid="feedback-status">
      {t(`selfservice.feedback.status.${status}`)}
    </Tag>
  );
}

/** The feedback as a chat: the viewer's own messages on the right, a reply box under it. */
export function FeedbackThread({ feedback, viewer }: { feedback: FeedbackDetail; viewer: 'employee' | 'hr' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ body: string }>();
  const send = useSendMessage(feedback.id);
  const label = (m: FeedbackMessage) => {
    if (m.author_role === viewer && viewer === 'employee') return t('selfservice.feedback.you');
    const role = m.author_role === 'hr' ? t('selfservice.feedback.hr') : t('selfservice.feedback.employee');
    return m.author?.name ? `${role} ${m.author.name}` : role;
  };
  const submit = ({ body }: { body: string }) =>
    send.mutate(body.trim(), {
      onSuccess: () => {
        form.resetFields();
        void message.success(t('selfservice.feedback.sent'));
      },
      onError: (err) => void message.error(errorMessage(err, t)),
    });
  return (
    <Flex vertical gap={12} data-testid="feedback-thread">
      <Flex vertical gap={12} role="log" aria-live="polite" aria-label={t('selfservice.feedback.threadTitle')}>
        {feedback.messages.map((m) => (
          <Bubble key={m.id} message={m} mine={m.author_role === viewer} label={label(m)} />
        ))}
      </Flex>
      <ResolutionNote feedback={feedback} />
      {feedback.status !== 'resolved' && (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="body"
            label={t('selfservice.feedback.reply')}
            rules={[
              { required: true, whitespace: true, message: t('selfservice.feedback.messageRequired') },
              { max: MAX_MESSAGE, message: t('selfservice.feedback.messageTooLong') },
            ]}
            style={{ marginBottom: 24 }}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              showCount
              maxLength={MAX_MESSAGE}
              placeholder={t('selfservice.feedback.replyPlaceholder')}
              data-testid="feedback-reply-input"
            />
          </Form.Item>
          <Flex justify="end">
            <Button type="primary" htmlType="submit" loading={send.isPending} style={{ minHeight: 44, minWidth: 88 }} data-testid="feedback-reply-send">
              {t('selfservice.feedback.send')}
            </Button>
          </Flex>
        </Form>
      )}
    </Flex>
  );
}
