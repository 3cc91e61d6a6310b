import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../lib/ui/PageHeader';
import { ProviderCard } from './ProviderCard';
import { PROVIDER_KINDS } from './providerForm';

/** Admin: 身份认证 — WeCom, DingTalk and OIDC sign-in. */
export default function IdentityProvidersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('identityProviders.title')} />
      <Typography.Paragraph type="secondary">{t('identityProviders.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {PROVIDER_KINDS.map((kind) => (
          <Col key={kind} xs={24} xl={12}>
            <ProviderCard kind={kind} />
          </Col>
        ))}
      </Row>
    </>
  );
}
