import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Flex, Row, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PositionSelect } from '../../lib/org/lookups';
import { dayBoundary, getUserTimezone } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useOutcomeMetrics } from '../analytics/api';
import { useSimulation, useStandard, useStandardVersions } from './api';
import { draftFrom, hasWeight, toPayload, useDebounced, type Draft } from './draft';
import { DraftEditor } from './DraftEditor';
import { SaveDialog } from './SaveDialog';
import { SuggestedWeightsCard } from './SuggestedWeightsCard';
import { VersionHistory } from './VersionHistory';
import { WhatIfCard, type Period } from './WhatIfCard';

/** 岗位面试标准: weights, pass line and minimums per position, with what-if, suggested
 * weights and the version history. The URL holds the position, outcome and period. */
export default function StandardsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const positionId = params.get('position') ?? undefined;
  const outcome = params.get('outcome') ?? undefined;
  const period: Period = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const update = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const view = useStandard(positionId);
  const versions = useStandardVersions(positionId);
  const metrics = useOutcomeMetrics();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const savedKey = view.data ? `${view.data.position.id}:${view.data.standard?.version ?? 0}` : '';
  useEffect(() => {
    if (view.data) setDraft(draftFrom(view.data));
    // a new position or a newly saved version: start from it
  }, [savedKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const settled = useDebounced(draft);
  const zone = getUserTimezone();
  const request = useMemo(
    () =>
      settled && hasWeight(settled)
        ? {
            draft: toPayload({ ...settled, note: '' }),
            interviewed_from: period.from ? dayBoundary(period.from, false, zone) : undefined,
            interviewed_to: period.to ? dayBoundary(period.to, true, zone) : undefined,
            outcome,
          }
        : null,
    [settled, period.from, period.to, outcome, zone],
  );
  const simulation = useSimulation(positionId, request);

  const picker = (
    <PositionSelect
      aria-label={t('standards.choosePosition')}
      placeholder={t('standards.choosePosition')}
      value={positionId}
      onChange={(v: string | undefined) => update({ position: v })}
      style={{ minWidth: 240 }}
      data-testid="standard-position"
    />
  );
  let content: React.ReactNode;
  if (!positionId) content = <EmptyState description={t('standards.choosePositionHint')} />;
  else if (view.isError) content = <ErrorState error={view.error} onRetry={() => void view.refetch()} />;
  else if (!view.data || !draft) content = <LoadingSkeleton rows={8} />;
  else {
    const data = view.data;
    const actions = (
      <Flex gap={8} wrap justify="flex-end">
        <Button icon={<UndoOutlined aria-hidden />} onClick={() => setDraft(draftFrom(data))}>
          {t('standards.reset')}
        </Button>
        <Button type="primary" icon={<SaveOutlined aria-hidden />} disabled={!hasWeight(draft)} onClick={() => setSaving(true)}>
          {t('standards.save')}
        </Button>
      </Flex>
    );
    content = (
      <>
        {data.standard ? (
          <Typography.Paragraph>
            <Typography.Text strong>{t('standards.current', { version: data.standard.version })}</Typography.Text>
            {data.standard.note ? ` · ${data.standard.note}` : ''}
          </Typography.Paragraph>
        ) : (
          <Alert type="info" showIcon message={t('standards.noStandard')} style={{ marginBottom: 12 }} />
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <DraftEditor view={data} draft={draft} onChange={setDraft} actions={actions} />
          </Col>
          <Col xs={24} xl={14}>
            <WhatIfCard
              query={simulation}
              period={period}
              onPeriod={(p) => update({ from: p.from, to: p.to })}
              outcome={outcome}
              outcomes={(metrics.data?.metrics ?? []).map((m) => m.metric)}
              onOutcome={(o) => update({ outcome: o })}
            />
          </Col>
          <Col xs={24} xl={10}>
            <SuggestedWeightsCard
              view={data}
              outcome={outcome}
              onUse={(weights) => setDraft({ ...draft, weights: { ...Object.fromEntries(Object.keys(draft.weights).map((c) => [c, 0])), ...weights } })}
            />
          </Col>
          <Col xs={24} xl={14}>
            <VersionHistory view={data} versions={versions.data?.items ?? []} />
          </Col>
        </Row>
        <SaveDialog
          positionId={data.position.id}
          draft={draft}
          open={saving}
          onClose={() => setSaving(false)}
          onSaved={() => void versions.refetch()}
        />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('standards.title')} extra={picker} />
      <Typography.Paragraph type="secondary">{t('standards.intro')}</Typography.Paragraph>
      {content}
    </>
  );
}
