import { Button, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../lib/auth/permissions';
import { actionName, AUDIT_ACTIONS } from './actions';
import { ActorPicker } from './ActorPicker';
import { PersonPicker } from './PersonPicker';

export interface AuditFilterValues {
  action?: string;
  actor_id?: string;
  person_id?: string;
}

/** The filter bar of the audit log; values live in the URL. */
export function AuditFilters({ value, onChange }: { value: AuditFilterValues; onChange: (v: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const canReadPeople = useCan('people:read');
  const [form] = Form.useForm<AuditFilterValues>();
  return (
    <Form<AuditFilterValues>
      form={form}
      layout="inline"
      initialValues={value}
      onFinish={(v) => onChange({ action: v.action?.trim(), actor_id: v.actor_id?.trim(), person_id: v.person_id })}
      style={{ marginBottom: 16, rowGap: 8 }}
    >
      <Form.Item name="action" label={t('audit.actionFilter')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('audit.actionPlaceholder')}
          options={AUDIT_ACTIONS.map((code) => ({ value: code, label: actionName(t, code), title: code }))}
          style={{ minWidth: 200 }}
        />
      </Form.Item>
      <Form.Item name="actor_id" label={t('audit.actorFilter')}>
        <ActorPicker />
      </Form.Item>
      {canReadPeople && (
        <Form.Item name="person_id" label={t('audit.personFilter')}>
          <PersonPicker />
        </Form.Item>
      )}
      <Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.filter')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ action: undefined, actor_id: undefined, person_id: undefined });
            onChange({});
          }}
        >
          {t('common.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
