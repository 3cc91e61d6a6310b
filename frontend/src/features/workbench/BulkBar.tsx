import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { REVIEW_ACTIONS, type ReviewAction } from '../results/api';

/** Sticks to the bottom of the page while rows are selected. */
export function BulkBar({ count, onAction, onClear }: { count: number; onAction: (a: ReviewAction) => void; onClear: () => void }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <Flex
      role="region"
      aria-label={t('results.selected', { count })}
      align="center"
      justify="space-between"
      wrap
      gap="small"
      data-testid="bulk-bar"
      style={{
        position: 'sticky',
        bottom: 0,
        zIndex: 10,
        marginTop: 12,
        padding: '12px 16px',
        background: '#fff',
        borderTop: '1px solid #f0f0f0',
        boxShadow: '0 -4px 12px rgba(0,0,0,0.08)',
        borderRadius: 8,
      }}
    >
      <Typography.Text strong>{t('results.selected', { count })}</Typography.Text>
      <Flex gap="small" wrap>
        {REVIEW_ACTIONS.map((a) => (
          <Button key={a} type={a === 'confirm' ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => onAction(a)} data-testid={`bulk-${a}`}>
            {t(`results.action.${a}`)}
          </Button>
        ))}
        <Button type="link" onClick={onClear}>
          {t('results.clearSelection')}
        </Button>
      </Flex>
    </Flex>
  );
}
