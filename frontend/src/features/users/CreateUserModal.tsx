import { useQueryClient } from '@tanstack/react-query';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { UserCreate } from '../../api/types';
import { DepartmentTreeSelect } from '../../lib/org/lookups';
import { call } from '../../lib/problem';
import { EntityFormModal } from '../../lib/ui/EntityFormModal';
import { RoleCheckboxes } from './roles';

export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = async (values: UserCreate) => {
    await call(api.POST('/api/v1/users', { body: { ...values, department_ids: values.department_ids ?? [] } }));
    await queryClient.invalidateQueries({ queryKey: ['users'] });
  };
  return (
    <EntityFormModal<UserCreate>
      open={open}
      title={t('users.newUser')}
      initialValues={{ roles: ['employee'], department_ids: [] }}
      onClose={onClose}
      onSubmit={save}
      okText={t('common.create')}
      conflict={{ field: 'email', message: t('users.emailTaken') }}
    >
      <Form.Item
        name="email"
        label={t('users.email')}
        rules={[
          { required: true, message: t('common.required', { field: t('users.email') }) },
          { type: 'email', message: t('login.emailInvalid') },
        ]}
      >
        <Input type="email" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('users.name')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('users.name') }) }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('users.password')}
        extra={t('users.passwordHint')}
        rules={[{ required: true, min: 10, max: 256, message: t('users.passwordHint') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
        <RoleCheckboxes />
      </Form.Item>
      <Form.Item name="department_ids" label={t('users.departments')} extra={t('users.departmentsHint')}>
        <DepartmentTreeSelect multiple treeCheckable showCheckedStrategy="SHOW_PARENT" />
      </Form.Item>
    </EntityFormModal>
  );
}
