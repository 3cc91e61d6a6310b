import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../lib/ui/PageHeader';
import { MyResultsList } from './MyResultsList';

export default function MyResultsPage() {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title={t('selfservice.myResults.title')} />
      <Typography.Paragraph type="secondary">{t('selfservice.myResults.intro')}</Typography.Paragraph>
      <MyResultsList />
    </div>
  );
}
