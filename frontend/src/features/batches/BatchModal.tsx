import { useQueryClient } from '@tanstack/react-query';
import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Batch, BatchCreate } from '../../api/types';
import { CodeField, NameField } from '../../lib/org/fields';
import { PositionSelect } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { EntityFormModal } from '../../lib/ui/EntityFormModal';

export function BatchModal({ open, batch, onClose }: { open: boolean; batch: Batch | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = async (values: BatchCreate) => {
    const body = { ...values, position_id: values.position_id ?? null };
    if (batch) {
      await call(api.PATCH('/api/v1/batches/{row_id}', { params: { path: { row_id: batch.id } }, body }));
    } else {
      await call(api.POST('/api/v1/batches', { body }));
    }
    await queryClient.invalidateQueries({ queryKey: ['batches'] });
  };
  return (
    <EntityFormModal<BatchCreate>
      open={open}
      title={batch ? t('org.editBatch') : t('org.newBatch')}
      initialValues={batch ?? undefined}
      onClose={onClose}
      onSubmit={save}
      conflict={{ field: 'code', message: t('org.codeTaken') }}
    >
      <CodeField />
      <NameField />
      <Form.Item name="position_id" label={t('org.position')}>
        <PositionSelect />
      </Form.Item>
    </EntityFormModal>
  );
}
