import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export type ShortcutKey = 'next' | 'previous' | 'confirm' | 'return' | 'close';

const KEY_CAPS: Record<ShortcutKey, string> = { next: 'J', previous: 'K', confirm: 'C', return: 'R', close: 'Esc' };

/** The review shortcuts in one small line: "J 下一条 · K 上一条 · C 确认 …" (desktop only). */
export function ShortcutHint({ keys }: { keys: readonly ShortcutKey[] }) {
  const { t } = useTranslation();
  return (
    <Flex wrap gap={12} align="center" data-testid="shortcut-hint" aria-label={t('reviewQueue.shortcuts')} role="note">
      <Typography.Text type="secondary">{t('reviewQueue.shortcuts')}</Typography.Text>
      {keys.map((k) => (
        <Typography.Text key={k} type="secondary" style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text keyboard>{KEY_CAPS[k]}</Typography.Text> {t(`reviewQueue.keys.${k}`)}
        </Typography.Text>
      ))}
    </Flex>
  );
}
