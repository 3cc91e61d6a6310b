import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MenuKey } from '../../lib/menu';
import { PageHeader } from '../../lib/ui/PageHeader';

function HomeButton() {
  const { t } = useTranslation();
  return (
    <Link to="/">
      <Button type="primary">{t('common.back')}</Button>
    </Link>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('error.pageNotFound')} extra={<HomeButton />} />;
}

export function Forbidden() {
  const { t } = useTranslation();
  return <Result status="403" title="403" subTitle={t('error.pageForbidden')} extra={<HomeButton />} />;
}

/** A page of a later issue: the menu entry works and says what will come. */
export function ComingSoon({ menuKey }: { menuKey: MenuKey }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`menu.${menuKey}`)} />
      <Result status="info" title={t('common.comingSoon')} subTitle={t('common.comingSoonHint')} extra={<HomeButton />} />
    </>
  );
}
