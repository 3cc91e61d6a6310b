import { App, Checkbox, Form, Input, Modal, Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/problem';
import { useApplication, useSaveStandard } from './api';
import { toPayload, type Draft } from './draft';

interface Props {
  positionId: string;
  draft: Draft;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}

/** Save the draft as a new version (with a note) and, by default, judge earlier results again. */
export function SaveDialog({ positionId, draft, open, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [note, setNote] = useState(draft.note);
  const [apply, setApply] = useState(true);
  const [runId, setRunId] = useState<string | undefined>();
  const save = useSaveStandard(positionId);
  const run = useApplication(positionId, runId);
  useEffect(() => {
    if (open) {
      setNote(draft.note);
      setRunId(undefined);
    }
  }, [open, draft.note]);
  const status = run.data?.status;
  useEffect(() => {
    if (status === 'succeeded') {
      void message.success(t('standards.applied', { count: run.data?.processed ?? 0 }));
      setRunId(undefined);
      onClose();
    } else if (status === 'failed') {
      void message.error(t('standards.applyFailed', { error: run.data?.error ?? '' }));
      setRunId(undefined);
    }
  }, [status, run.data, message, t, onClose]);
  const submit = async () => {
    try {
      const { saved, run: started } = await save.mutateAsync({ body: toPayload({ ...draft, note }), apply });
      void message.success(t('standards.saved', { version: saved.version }));
      onSaved();
      if (started) setRunId(started.id);
      else onClose();
    } catch (err) {
      void message.error(errorMessage(err, t));
    }
  };
  const progress = run.data && run.data.total > 0 ? Math.round((run.data.processed / run.data.total) * 100) : 0;
  return (
    <Modal
      open={open}
      title={t('standards.save')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={save.isPending || Boolean(runId)}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('standards.note')} htmlFor="standard-note">
          <Input.TextArea
            id="standard-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('standards.notePlaceholder')}
            maxLength={2000}
            autoSize={{ minRows: 2, maxRows: 5 }}
          />
        </Form.Item>
        <Checkbox checked={apply} onChange={(e) => setApply(e.target.checked)}>
          {t('standards.applyAfterSave')}
        </Checkbox>
      </Form>
      {runId && (
        <div style={{ marginTop: 16 }} data-testid="apply-progress">
          <Typography.Text>{t('standards.applying', { processed: run.data?.processed ?? 0, total: run.data?.total ?? 0 })}</Typography.Text>
          <Progress percent={progress} status="active" />
        </div>
      )}
    </Modal>
  );
}
