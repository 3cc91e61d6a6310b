import { Checkbox, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types';
import { useRoles } from '../../lib/auth/roles';

const FALLBACK: Role[] = ['admin', 'hr', 'dept_head', 'interviewer', 'employee', 'auditor'];

/** Role checkboxes, each with what the role may do. Use inside a Form.Item. */
export function RoleCheckboxes({ value, onChange, id }: { value?: Role[]; onChange?: (v: Role[]) => void; id?: string }) {
  const { t } = useTranslation();
  const roles = useRoles();
  const list = roles.data?.roles ?? FALLBACK.map((role) => ({ role, description: '', permissions: [] }));
  return (
    <Checkbox.Group value={value} onChange={(v) => onChange?.(v as Role[])} style={{ width: '100%' }}>
      <Flex vertical gap={4} id={id}>
        {list.map((r) => (
          <Checkbox key={r.role} value={r.role} data-testid={`role-${r.role}`}>
            <Typography.Text strong>{t(`roles.${r.role}`, { defaultValue: r.role })}</Typography.Text>
            {r.description && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {r.description}
              </Typography.Text>
            )}
          </Checkbox>
        ))}
      </Flex>
    </Checkbox.Group>
  );
}
