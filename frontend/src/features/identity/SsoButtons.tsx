import { DingtalkOutlined, KeyOutlined, WechatWorkOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Divider, Flex, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clientProvider, fetchProviders, providerLabel, startSignIn, type ProviderKind, type SignInProvider } from './sso';

const ICONS: Record<ProviderKind, JSX.Element> = {
  wecom: <WechatWorkOutlined aria-hidden />,
  dingtalk: <DingtalkOutlined aria-hidden />,
  oidc: <KeyOutlined aria-hidden />,
};

/** A button per enabled provider; inside the WeCom or DingTalk client that provider's sign-in
 * starts at once (unless the last one just failed: `failed`). */
export function SsoButtons({ next, failed }: { next: string; failed: boolean }) {
  const { t } = useTranslation();
  const providers = useQuery({ queryKey: ['sign-in-providers'], queryFn: fetchProviders, retry: false });
  const [leaving, setLeaving] = useState<SignInProvider | null>(null);
  const go = (provider: SignInProvider) => {
    setLeaving(provider);
    startSignIn(provider, next);
  };

  useEffect(() => {
    if (failed || !providers.data) return;
    const own = clientProvider(navigator.userAgent, providers.data);
    if (own) go(own);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the providers arrive
  }, [providers.data, failed]);

  if (!providers.data?.length) return null;
  if (leaving)
    return (
      <Flex justify="center" gap={8} style={{ padding: 16 }} role="status">
        <Spin size="small" />
        <Typography.Text>{t('sso.starting', { name: t(`sso.kind.${leaving.kind}`) })}</Typography.Text>
      </Flex>
    );
  return (
    <>
      <Divider plain>
        <Typography.Text type="secondary">{t('sso.or')}</Typography.Text>
      </Divider>
      <Flex vertical gap={8}>
        {providers.data.map((p) => (
          <Button key={p.kind} block size="large" icon={ICONS[p.kind]} onClick={() => go(p)} data-testid={`sso-${p.kind}`} style={{ height: 44 }}>
            {providerLabel(p, t)}
          </Button>
        ))}
      </Flex>
    </>
  );
}
