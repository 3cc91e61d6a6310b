import { Form } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Department, DepartmentCreate } from '../../api/types';
import { CodeField, NameField } from '../../lib/org/fields';
import { DepartmentTreeSelect } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { EntityFormModal } from '../../lib/ui/EntityFormModal';

interface Props {
  open: boolean;
  /** null: create; otherwise the department to edit. */
  department: Department | null;
  /** Parent preselected when creating a sub-department. */
  parentId?: string | null;
  onClose: () => void;
}

export function DepartmentModal({ open, department, parentId, onClose }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  const save = async (values: DepartmentCreate) => {
    const body = { ...values, parent_id: values.parent_id ?? null };
    if (department) {
      await call(api.PATCH('/api/v1/departments/{row_id}', { params: { path: { row_id: department.id } }, body }));
    } else {
      await call(api.POST('/api/v1/departments', { body }));
    }
    await queryClient.invalidateQueries({ queryKey: ['departments'] });
  };

  return (
    <EntityFormModal<DepartmentCreate>
      open={open}
      title={department ? t('org.editDepartment') : t('org.newDepartment')}
      initialValues={department ?? { parent_id: parentId ?? null }}
      onClose={onClose}
      onSubmit={save}
      conflict={{ field: 'code', message: t('org.codeTaken') }}
    >
      <CodeField />
      <NameField />
      <Form.Item name="parent_id" label={t('org.parent')}>
        <DepartmentTreeSelect exclude={department?.id} />
      </Form.Item>
    </EntityFormModal>
  );
}
