import { Flex, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseEffect } from '../../api/types';
import { useCourseEffects, useTrainingNeeds } from './api';
import { bestCourses } from './courses';
import { ChartCard } from './ChartCard';
import type { DepartmentNeeds } from './contract';
import type { AnalyticsScope } from './filters';
import { fmt1 } from './format';

/** The dimensions furthest below the position benchmark, worst first (gaps < 0 only). */
export function worstGaps(dept: DepartmentNeeds, limit = 3) {
  return [...dept.dimensions].filter((d) => d.gap < 0).sort((a, b) => a.gap - b.gap).slice(0, limit);
}

function CourseEvidence({ course }: { course: CourseEffect | undefined }) {
  const { t } = useTranslation();
  if (!course) return <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('coursesCard.noEvidence')}</Typography.Text>;
  return (
    <Typography.Text style={{ fontSize: 12 }} data-testid="course-evidence">
      {t('coursesCard.evidence', {
        course: course.course,
        change: fmt1(course.mean_change),
        n: course.n,
        lo: course.ci95 ? fmt1(course.ci95[0]) : '—',
        hi: course.ci95 ? fmt1(course.ci95[1]) : '—',
      })}
    </Typography.Text>
  );
}

export function TrainingNeedsCard({ scope }: { scope: AnalyticsScope }) {
  const { t } = useTranslation();
  const query = useTrainingNeeds(scope);
  const departments = useMemo(() => query.data?.departments ?? [], [query.data]);
  const effects = useCourseEffects(scope);
  const bestCourse = useMemo(() => bestCourses(effects.data?.dimensions ?? []), [effects.data]);
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
                <Flex vertical gap={4}>
                  {gaps.map((g) => (
                    <Flex key={g.code} wrap gap={4} align="center">
                      <Tag color="orange" data-testid="training-gap" title={`${t('analytics.training.gapHint', { mean: fmt1(g.mean), benchmark: fmt1(g.benchmark), n: g.n })} (${g.code})`}>
                        {g.name} {fmt1(g.gap)} ({t('analytics.training.peopleCount', { count: g.n })})
                      </Tag>
                      <CourseEvidence course={bestCourse.get(g.code)} />
                    </Flex>
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
