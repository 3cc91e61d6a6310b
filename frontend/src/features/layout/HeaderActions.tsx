import { DownOutlined, GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../../lib/auth/context';
import { api } from '../../api/client';
import { LANGUAGES, setLanguage, type Language } from '../../lib/i18n';

/** zh-CN / English; remembered in this browser and, when signed in, on the account (for messages). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { signedIn } = useAuth();
  const change = (lang: Language) => {
    void setLanguage(lang);
    if (signedIn) void api.PATCH('/api/v1/me', { body: { locale: lang } }).catch(() => undefined);
  };
  return (
    <Select<Language>
      value={i18n.language as Language}
      onChange={change}
      aria-label={t('header.language')}
      data-testid="language-switch"
      variant="borderless"
      suffixIcon={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      options={LANGUAGES.map((lang) => ({ value: lang, label: t(`language.${lang}`) }))}
    />
  );
}

export function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  const roles = (me?.roles ?? []).map((r) => t(`roles.${r}`, { defaultValue: r })).join('、');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <Flex vertical>
                <Typography.Text strong>{me?.name}</Typography.Text>
                <Typography.Text type="secondary">{me?.email}</Typography.Text>
                <Typography.Text type="secondary">{roles}</Typography.Text>
              </Flex>
            ),
          },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
        },
      }}
    >
      <Button type="text" aria-label={t('header.account')} data-testid="user-menu" style={{ height: 44 }}>
        <Avatar size="small" icon={<UserOutlined />} />
        {!compact && <span>{me?.name}</span>}
        <DownOutlined />
      </Button>
    </Dropdown>
  );
}
