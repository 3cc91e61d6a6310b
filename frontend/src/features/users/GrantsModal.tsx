import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Grants, User } from '../../api/types';
import { DepartmentTreeSelect } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { EntityFormModal } from '../../lib/ui/EntityFormModal';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { RoleCheckboxes } from './roles';

/** Edit a user's roles and granted departments (GET then PUT /users/{id}/grants). */
export function GrantsModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const grants = useQuery({
    queryKey: ['users', user?.id, 'grants'],
    queryFn: () => call(api.GET('/api/v1/users/{user_id}/grants', { params: { path: { user_id: user!.id } } })),
    enabled: Boolean(user),
  });
  const title = t('users.editGrants', { name: user?.name ?? '' });

  if (user && !grants.data) {
    return (
      <Modal open title={title} onCancel={onClose} footer={null}>
        {grants.isError ? <ErrorState error={grants.error} onRetry={() => void grants.refetch()} /> : <LoadingSkeleton rows={4} />}
      </Modal>
    );
  }

  const save = async (values: Grants) => {
    await call(
      api.PUT('/api/v1/users/{user_id}/grants', {
        params: { path: { user_id: user!.id } },
        body: { roles: values.roles, department_ids: values.department_ids ?? [] },
      }),
    );
    await queryClient.invalidateQueries({ queryKey: ['users'] });
  };

  return (
    <EntityFormModal<Grants> open={Boolean(user)} title={title} initialValues={grants.data} onClose={onClose} onSubmit={save}>
      <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
        <RoleCheckboxes />
      </Form.Item>
      <Form.Item name="department_ids" label={t('users.departments')} extra={t('users.departmentsHint')}>
        <DepartmentTreeSelect multiple treeCheckable showCheckedStrategy="SHOW_PARENT" />
      </Form.Item>
    </EntityFormModal>
  );
}
