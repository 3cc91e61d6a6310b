import { Card, Flex, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Standard, StandardView } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { EmptyState } from '../../lib/ui/QueryStates';
import { versionChanges } from './draft';

/** Every version, newest first, each with what it changed from the one before. */
export function VersionHistory({ view, versions }: { view: StandardView; versions: Standard[] }) {
  const { t } = useTranslation();
  const names = new Map(view.dimensions.map((d) => [d.code, d.name]));
  const show = (v: number | null) => (v === null ? t('standards.unset') : String(v));
  const fieldName = (field: string, code?: string) =>
    field === 'pass_line' ? t('standards.passLine') : `${names.get(code ?? '') ?? code} · ${field === 'weight' ? t('standards.weight') : t('standards.minimum')}`;
  return (
    <Card title={t('standards.history')} size="small" data-testid="version-history">
      {versions.length === 0 ? (
        <EmptyState description={t('standards.noHistory')} />
      ) : (
        <Timeline
          items={versions.map((v, i) => {
            const previous = versions[i + 1] ?? null;
            const changes = versionChanges(previous, v);
            return {
              key: v.id,
              children: (
                <Flex vertical gap={4}>
                  <Flex gap={8} align="center" wrap>
                    <Tag color={i === 0 ? 'blue' : undefined}>{t('standards.version', { version: v.version })}</Tag>
                    <Typography.Text type="secondary">
                      {t('standards.by', { name: v.created_by_name ?? '—', time: formatDateTime(v.created_at) })}
                    </Typography.Text>
                  </Flex>
                  {v.note && <Typography.Text>{v.note}</Typography.Text>}
                  {previous === null ? (
                    <Typography.Text type="secondary">{t('standards.firstVersion')}</Typography.Text>
                  ) : (
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {changes.map((c) => (
                        <li key={`${c.field}-${c.code ?? ''}`}>
                          {t('standards.changed', { field: fieldName(c.field, c.code), from: show(c.from), to: show(c.to) })}
                        </li>
                      ))}
                    </ul>
                  )}
                </Flex>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
