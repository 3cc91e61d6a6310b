import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../lib/auth/context';
import { PageHeader } from '../../lib/ui/PageHeader';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useChannels } from './api';
import { ChannelCard } from './ChannelCard';

/** Admin: email (SMTP), WeCom, DingTalk and SMS channels. */
export default function ChannelsPage() {
  const { t } = useTranslation();
  const { permissions } = useAuth();
  const channels = useChannels();
  return (
    <>
      <PageHeader
        title={t('selfservice.channels.title')}
        extra={permissions?.menus.includes('notification-deliveries') && <Link to="/notification-deliveries">{t('selfservice.channels.tabs.deliveries')}</Link>}
      />
      {channels.isPending ? (
        <LoadingSkeleton rows={10} />
      ) : channels.isError ? (
        <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          {channels.data.map((c) => (
            <Col key={c.kind} xs={24} xl={12}>
              <ChannelCard channel={c} />
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
