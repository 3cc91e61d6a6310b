import { ClockCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time';
import { countdown, timeLeft } from './sla';
import { useNow } from './useNow';

/** "剩余 18 小时 10 分", red once overdue; updates by itself. */
export function Countdown({ dueAt, done }: { dueAt: string; done?: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  if (done) return null;
  const c = countdown(dueAt, now);
  const overdue = timeLeft(dueAt, now).overdue;
  return (
    <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue} title={formatDateTime(dueAt)} data-testid="sla-countdown" data-overdue={overdue || undefined}>
      <ClockCircleOutlined aria-hidden /> {t(c.key, c.values)}
    </Typography.Text>
  );
}
