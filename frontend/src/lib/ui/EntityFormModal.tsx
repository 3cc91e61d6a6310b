import { Alert, Form, Modal } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { showServerErrors } from '../forms';

interface Props<V> {
  open: boolean;
  title: ReactNode;
  initialValues?: Partial<V>;
  onClose: () => void;
  /** Saves; throw an ApiError to show it on the form. */
  onSubmit: (values: V) => Promise<void>;
  /** Where a 409 goes, e.g. a duplicate code. */
  conflict?: { field: string; message: string };
  okText?: ReactNode;
  children: ReactNode;
}

/** A create/edit dialog: labelled form, server errors on their fields, a banner for the rest. */
export function EntityFormModal<V extends object>(props: Props<V>) {
  const { open, title, initialValues, onClose, onSubmit, conflict, okText, children } = props;
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The form instance outlives the dialog's content: each opening starts from this opening's
  // initial values (an edit after a create showed empty fields without this).
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const finish = async (values: V) => {
    setSaving(true);
    setError(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (err) {
      setError(showServerErrors(form, err, t, conflict));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      afterClose={() => setError(null)}
      okButtonProps={{ 'data-testid': 'modal-submit' }}
    >
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => void finish(v)}
        preserve={false}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** Optional text fields: "" becomes null so the server clears them. */
export function blankToNull<T extends object>(values: T): T {
  const out = { ...values } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string' && v.trim() === '') out[k] = null;
    else if (v === undefined) out[k] = null;
  }
  return out as T;
}
