import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useTranslation } from 'react-i18next';
import { useReview, type ReviewAction } from './api';
import { reviewErrorMessage } from './reviewError';

interface Props {
  /** The action asked for; null = closed. */
  action: ReviewAction | null;
  ids: string[];
  nameOf?: (id: string) => string;
  onClose: () => void;
  onDone: (action: ReviewAction, count: number) => void;
}

/** Asks for a note, then confirms / returns / rejects the results, all or none. */
export function ReviewDialog({ action, ids, nameOf, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const review = useReview();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  // shown under the note field, and gone as soon as something is typed
  const [noteMissing, setNoteMissing] = useState(false);
  // The note takes the focus once the dialog has opened (R in the drawer goes straight to typing).
  const noteRef = useRef<TextAreaRef>(null);
  const needsNote = action === 'return' || action === 'reject';

  useEffect(() => {
    if (action) {
      setNote('');
      setError(null);
      setNoteMissing(false);
    }
  }, [action]);

  const submit = () => {
    if (!action) return;
    if (needsNote && !note.trim()) {
      setNoteMissing(true);
      return;
    }
    review.mutate(
      { ids, action, note },
      {
        onSuccess: (count) => {
          onDone(action, count);
          onClose();
        },
        onError: (err) => setError(reviewErrorMessage(err, action, ids, t, nameOf)),
      },
    );
  };

  const actionName = action ? t(`results.action.${action}`) : '';
  return (
    <Modal
      open={action !== null}
      title={t('results.noteTitle', { action: actionName, count: ids.length })}
      onCancel={onClose}
      onOk={submit}
      okText={actionName}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: action === 'reject', 'data-testid': 'review-submit' }}
      confirmLoading={review.isPending}
      afterOpenChange={(open) => open && noteRef.current?.focus()}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} data-testid="review-error" />}
      <Form layout="vertical" component="div">
        <Form.Item label={t('results.note')} htmlFor="review-note" required={needsNote} validateStatus={noteMissing ? 'error' : undefined} help={noteMissing ? t('results.noteRequired') : undefined}>
          <Input.TextArea
            ref={noteRef}
            id="review-note"
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
              if (e.target.value.trim()) setNoteMissing(false);
            }}
            rows={3}
            maxLength={2000}
            placeholder={t('results.notePlaceholder')}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
            }}
            aria-describedby="review-note-hint"
            autoFocus
          />
        </Form.Item>
        <Typography.Text type="secondary" id="review-note-hint" style={{ fontSize: 12 }}>
          {t('reviewQueue.submitHint')}
        </Typography.Text>
      </Form>
    </Modal>
  );
}
