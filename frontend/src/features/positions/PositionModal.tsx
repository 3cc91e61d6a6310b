import { useQueryClient } from '@tanstack/react-query';
import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Position, PositionCreate } from '../../api/types';
import { CodeField, NameField } from '../../lib/org/fields';
import { DepartmentTreeSelect } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { EntityFormModal } from '../../lib/ui/EntityFormModal';

export function PositionModal({ open, position, onClose }: { open: boolean; position: Position | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = async (values: PositionCreate) => {
    const body = { ...values, department_id: values.department_id ?? null };
    if (position) {
      await call(api.PATCH('/api/v1/positions/{row_id}', { params: { path: { row_id: position.id } }, body }));
    } else {
      await call(api.POST('/api/v1/positions', { body }));
    }
    await queryClient.invalidateQueries({ queryKey: ['positions'] });
  };
  return (
    <EntityFormModal<PositionCreate>
      open={open}
      title={position ? t('org.editPosition') : t('org.newPosition')}
      initialValues={position ?? undefined}
      onClose={onClose}
      onSubmit={save}
      conflict={{ field: 'code', message: t('org.codeTaken') }}
    >
      <CodeField />
      <NameField />
      <Form.Item name="department_id" label={t('org.department')}>
        <DepartmentTreeSelect />
      </Form.Item>
    </EntityFormModal>
  );
}
