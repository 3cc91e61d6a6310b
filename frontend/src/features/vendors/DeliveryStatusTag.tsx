import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus } from '../../api/types';

const COLORS: Record<DeliveryStatus, string> = { pending: 'processing', processed: 'success', failed: 'error' };

export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`vendors.deliveryStatus.${status}`)}</Tag>;
}
