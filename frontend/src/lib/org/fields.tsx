import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

const CODE_PATTERN = /^[\w.-]+$/;

/** The unique `code` of a department, position or batch. */
export function CodeField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="code"
      label={t('common.code')}
      extra={t('org.codeHint')}
      rules={[
        { required: true, whitespace: true, message: t('common.required', { field: t('common.code') }) },
        { pattern: CODE_PATTERN, message: t('org.codeHint') },
        { max: 64 },
      ]}
    >
      <Input autoComplete="off" data-testid="field-code" />
    </Form.Item>
  );
}

export function NameField({ label }: { label?: string }) {
  const { t } = useTranslation();
  const text = label ?? t('common.name');
  return (
    <Form.Item
      name="name"
      label={text}
      rules={[{ required: true, whitespace: true, message: t('common.required', { field: text }) }, { max: 200 }]}
    >
      <Input autoComplete="off" data-testid="field-name" />
    </Form.Item>
  );
}
