import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResultStatus } from '../../api/types';
import { formatDateTime, formatRelative } from '../../lib/time';
import { flagExplanation, flagLabel } from './flags';

export const STATUS_COLORS: Record<ResultStatus, string> = {
  pending_review: 'processing',
  confirmed: 'success',
  returned: 'warning',
  rejected: 'error',
};

export function StatusTag({ status }: { status: ResultStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="result-status">
      {t(`results.statusName.${status}`)}
    </Tag>
  );
}

/** Red below 60, orange below 75, green from 75 (0–100 scale). */
export function scoreColor(normalized: number): string {
  if (normalized < 60) return '#cf1322';
  if (normalized < 75) return '#d46b08';
  return '#389e0d';
}

export function ScoreBar({ value, width = 140 }: { value: number; width?: number }) {
  return (
    <Flex align="center" gap={8} style={{ minWidth: width }}>
      <Progress
        percent={value}
        showInfo={false}
        size="small"
        strokeColor={scoreColor(value)}
        style={{ margin: 0, flex: 1 }}
        aria-hidden
      />
      <Typography.Text strong style={{ minWidth: 36, textAlign: 'right' }}>
        {value.toFixed(1)}
      </Typography.Text>
    </Flex>
  );
}

/** A warning icon whose tooltip names each flag in plain words (nothing when there are none). */
export function FlagsIcon({ flags }: { flags: string[] }) {
  const { t } = useTranslation();
  if (!flags.length) return null;
  const text = flags.map((f) => flagLabel(f, t)).join(';');
  return (
    <Tooltip title={text}>
      <ExclamationCircleOutlined style={{ color: '#d46b08', fontSize: 16 }} aria-label={text} role="img" tabIndex={0} />
    </Tooltip>
  );
}

/** The flags with their explanations, for the detail drawer. */
export function FlagsList({ flags }: { flags: string[] }) {
  const { t } = useTranslation();
  if (!flags.length) return null;
  return (
    <Flex vertical gap={4} data-testid="result-flags">
      {flags.map((f) => (
        <Typography.Text key={f}>
          <Tag color="orange">{flagLabel(f, t)}</Tag>
          {flagExplanation(f, t)}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** "3 分钟前" with the absolute time in the user's zone in a tooltip. */
export function RelativeTime({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return (
    <Tooltip title={formatDateTime(value)}>
      <time dateTime={value} style={{ whiteSpace: 'nowrap' }} tabIndex={0}>
        {formatRelative(value)}
      </time>
    </Tooltip>
  );
}
