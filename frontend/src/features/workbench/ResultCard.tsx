import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InterviewResult } from '../../api/types';
import { FlagsIcon, RelativeTime, ScoreBar, StatusTag } from '../results/bits';

/** One result on a phone: name, position, total and status; a tap opens the detail. */
export function ResultCard({ r, onOpen }: { r: InterviewResult; onOpen: (r: InterviewResult) => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      hoverable
      role="button"
      tabIndex={0}
      aria-label={t('results.openDetail', { name: r.person.name })}
      onClick={() => onOpen(r)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(r);
        }
      }}
      data-testid="result-card"
      data-row-key={r.id}
    >
      <Flex justify="space-between" align="start" gap={8}>
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="card-name">
            {r.person.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
            {[r.position?.name, r.department?.name].filter(Boolean).join(' · ') || '—'}
          </Typography.Text>
        </Flex>
        <Flex align="center" gap={6} style={{ flexShrink: 0 }}>
          <FlagsIcon flags={r.flags} />
          <StatusTag status={r.status} />
        </Flex>
      </Flex>
      <Flex align="center" justify="space-between" gap={12} style={{ marginTop: 8 }}>
        <div style={{ flex: 1, minWidth: 0 }} data-testid="card-total">
          <ScoreBar value={r.normalized_total} width={120} />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <RelativeTime value={r.received_at} />
        </Typography.Text>
      </Flex>
    </Card>
  );
}
