import { Collapse, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

// Accounts of `scorebridge seed-demo`; this component is only rendered in development builds.
const PASSWORD = 'ScoreBridge-demo-2026';
const ACCOUNTS: [string, string][] = [
  ['admin@demo.scorebridge.cn', 'admin'],
  ['hr@demo.scorebridge.cn', 'hr'],
  ['head.sales@demo.scorebridge.cn', 'dept_head'],
  ['interviewer@demo.scorebridge.cn', 'interviewer'],
  ['employee@demo.scorebridge.cn', 'employee'],
];

export function DemoAccounts({ onPick }: { onPick: (email: string, password: string) => void }) {
  const { t } = useTranslation();
  return (
    <Collapse
      size="small"
      ghost
      items={[
        {
          key: 'demo',
          label: t('login.demoAccounts'),
          children: (
            <>
              <Typography.Paragraph type="secondary">
                {t('login.demoPassword', { password: PASSWORD })}
              </Typography.Paragraph>
              <List
                size="small"
                dataSource={ACCOUNTS}
                renderItem={([email, role]) => (
                  <List.Item>
                    <Typography.Link onClick={() => onPick(email, PASSWORD)}>{email}</Typography.Link>
                    <Typography.Text type="secondary">{t(`roles.${role}`)}</Typography.Text>
                  </List.Item>
                )}
              />
            </>
          ),
        },
      ]}
    />
  );
}
