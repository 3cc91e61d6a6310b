import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../lib/ui/PageHeader';
import { ImportHistory } from './ImportHistory';
import { ImportWizard } from './ImportWizard';

/** HR: bring people, results, performance and training records in from CSV/XLSX files. */
export default function ImportsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('imports.title')} />
      <ImportWizard />
      <Typography.Title level={4} style={{ marginTop: 24 }}>
        {t('imports.history')}
      </Typography.Title>
      <ImportHistory />
    </>
  );
}
