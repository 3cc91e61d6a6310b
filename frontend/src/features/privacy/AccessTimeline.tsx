import { ApiOutlined, EyeOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccessEntry } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useAccessLog } from './api';

function Viewer({ entry }: { entry: AccessEntry }) {
  const { t } = useTranslation();
  const { viewer } = entry;
  const roles =
    viewer.kind === 'client'
      ? t('privacy.log.client')
      : viewer.kind === 'system'
        ? t('privacy.log.system')
        : viewer.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join('、');
  return (
    <Typography.Text strong>
      {viewer.name}
      {roles ? <Typography.Text type="secondary">{` (${roles})`}</Typography.Text> : null}
    </Typography.Text>
  );
}

/** 谁查看了我的成绩: a timeline of reads of my scores, newest first. */
export function AccessTimeline() {
  const { t } = useTranslation();
  const log = useAccessLog();
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('privacy.log.title')}</h2>} size="small">
      <Typography.Paragraph type="secondary">{t('privacy.log.intro')}</Typography.Paragraph>
      {log.isPending ? (
        <LoadingSkeleton rows={4} />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : log.items.length === 0 ? (
        <EmptyState description={t('privacy.log.empty')} />
      ) : (
        <>
          <Timeline
            data-testid="access-log"
            items={log.items.map((entry) => ({
              key: entry.id,
              dot: entry.viewer.kind === 'client' ? <ApiOutlined aria-hidden /> : <EyeOutlined aria-hidden />,
              children: (
                <Flex vertical gap={2} data-testid="access-entry">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(entry.at)}
                  </Typography.Text>
                  <span>
                    <Viewer entry={entry} /> {t(`privacy.log.actions.${entry.action.replace('.', '_')}`, { defaultValue: entry.action })}
                  </span>
                  {entry.what.label && <Typography.Text type="secondary">{entry.what.label}</Typography.Text>}
                </Flex>
              ),
            }))}
          />
          {log.hasNextPage && (
            <Button block type="text" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} style={{ minHeight: 44 }}>
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
