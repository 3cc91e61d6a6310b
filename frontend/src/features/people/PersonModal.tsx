import { useQueryClient } from '@tanstack/react-query';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Person, PersonCreate } from '../../api/types';
import { NameField } from '../../lib/org/fields';
import { DepartmentTreeSelect } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { blankToNull, EntityFormModal } from '../../lib/ui/EntityFormModal';

export function PersonModal({ open, person, onClose }: { open: boolean; person: Person | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = async (values: PersonCreate) => {
    const body = { ...blankToNull(values), name: values.name };
    if (person) {
      await call(api.PATCH('/api/v1/people/{row_id}', { params: { path: { row_id: person.id } }, body }));
    } else {
      await call(api.POST('/api/v1/people', { body }));
    }
    await queryClient.invalidateQueries({ queryKey: ['people'] });
  };
  return (
    <EntityFormModal<PersonCreate>
      open={open}
      title={person ? t('org.editPerson') : t('org.newPerson')}
      initialValues={person ?? undefined}
      onClose={onClose}
      onSubmit={save}
      conflict={{ field: 'employee_no', message: t('org.employeeNoTaken') }}
    >
      <NameField label={t('org.personName')} />
      <Form.Item name="employee_no" label={t('org.employeeNo')} rules={[{ pattern: /^[\w.-]+$/, message: t('org.codeHint') }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="email" label={t('org.email')} rules={[{ type: 'email', message: t('login.emailInvalid') }]}>
        <Input type="email" autoComplete="off" />
      </Form.Item>
      <Form.Item name="phone" label={t('org.phone')}>
        <Input type="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="department_id" label={t('org.department')}>
        <DepartmentTreeSelect />
      </Form.Item>
    </EntityFormModal>
  );
}
