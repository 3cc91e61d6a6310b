import { Flex, Table, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTrainingNeeds } from './api';
import { ChartCard } from './ChartCard';
import type { DepartmentNeeds } from './contract';
import type { AnalyticsScope } from './filters';
import { fmt1 } from './format';

/** The dimensions furthest below the position benchmark, worst first (gaps < 0 only). */
export function worstGaps(dept: DepartmentNeeds, limit = 3) {
  return [...dept.dimensions].filter((d) => d.gap < 0).sort((a, b) => a.gap - b.gap).slice(0, limit);
}

export function TrainingNeedsCard({ scope }: { scope: AnalyticsScope }) {
  const { t } = useTranslation();
  const query = useTrainingNeeds(scope);
  const departments = useMemo(() => query.data?.departments ?? [], [query.data]);
  const data = useMemo(
    () => ({
      header: [t('analytics.training.department'), 'n', t('analytics.dimension'), t('analytics.training.people'), t('analytics.mean'), t('analytics.training.benchmark'), t('analytics.training.gap')],
      rows: departments.flatMap((d) => d.dimensions.map((g) => [d.label, d.n, g.name, g.n, fmt1(g.mean), fmt1(g.benchmark), fmt1(g.gap)])),
    }),
    [departments, t],
  );
  return (
    <ChartCard
      id="training-needs"
      title={t('analytics.training.title')}
      label={t('analytics.training.title')}
      query={query}
      empty={departments.length === 0 ? t('analytics.training.empty') : null}
      option={null}
      data={data}
    >
      <Table<DepartmentNeeds>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={departments}
        columns={[
          { title: t('analytics.training.department'), dataIndex: 'label', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
          { title: 'n', dataIndex: 'n', align: 'right' },
          {
            title: t('analytics.training.needs'),
            key: 'gaps',
            render: (_, d) => {
              const gaps = worstGaps(d);
              if (!gaps.length) return <Tag color="green">{t('analytics.training.none')}</Tag>;
              return (
                <Flex wrap gap={4}>
                  {gaps.map((g) => (
                    <Tag key={g.code} color="orange" title={t('analytics.training.gapHint', { mean: fmt1(g.mean), benchmark: fmt1(g.benchmark), n: g.n })}>
                      {g.name} {fmt1(g.gap)} ({t('analytics.training.peopleCount', { count: g.n })})
                    </Tag>
                  ))}
                </Flex>
              );
            },
          },
        ]}
      />
    </ChartCard>
  );
}
