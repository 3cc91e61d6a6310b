import { Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useMyIdentities } from './api';

/** The company accounts (WeCom, DingTalk, OIDC) that sign in as me. */
export function LinkedIdentities() {
  const { t } = useTranslation();
  const identities = useMyIdentities();
  return (
    <Card title={t('myIdentities.title')} data-testid="linked-identities">
      {identities.isPending ? (
        <LoadingSkeleton rows={2} />
      ) : identities.isError ? (
        <ErrorState error={identities.error} onRetry={() => void identities.refetch()} />
      ) : identities.data.length === 0 ? (
        <Typography.Text type="secondary">{t('myIdentities.empty')}</Typography.Text>
      ) : (
        <List
          dataSource={identities.data}
          renderItem={(i) => (
            <List.Item>
              <List.Item.Meta
                title={`${t(`sso.kind.${i.provider}`)} · ${i.subject}`}
                description={[
                  t('myIdentities.linkedAt', { at: formatDateTime(i.created_at) }),
                  i.last_used_at ? t('myIdentities.lastUsed', { at: formatDateTime(i.last_used_at) }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
