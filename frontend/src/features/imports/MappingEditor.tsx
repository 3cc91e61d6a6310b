import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportKind } from './contract';
import { COLUMNS } from './templates';

export interface MappingPair {
  from: string;
  to: string;
}

/** The mapping JSON sent with the upload: {"<file header>": "<canonical column>"}. */
export function mappingObject(pairs: MappingPair[]): Record<string, string> {
  return Object.fromEntries(pairs.filter((p) => p.from.trim() && p.to).map((p) => [p.from.trim(), p.to]));
}

/** Optional: tell the server which of your own headers is which column. */
export function MappingEditor({ kind, pairs, onChange }: { kind: ImportKind; pairs: MappingPair[]; onChange: (p: MappingPair[]) => void }) {
  const { t } = useTranslation();
  const targets = COLUMNS[kind].map(([code, zh]) => ({ value: code, label: `${zh} (${code})` }));
  const update = (i: number, patch: Partial<MappingPair>) => onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <Flex vertical gap="small" data-testid="mapping-editor">
      <Typography.Text type="secondary">{t('imports.mappingHint')}</Typography.Text>
      {pairs.map((p, i) => (
        <Flex key={i} gap="small" wrap align="center">
          <Input
            aria-label={t('imports.mappingFrom', { n: i + 1 })}
            placeholder={t('imports.mappingFromPlaceholder')}
            value={p.from}
            onChange={(e) => update(i, { from: e.target.value })}
            style={{ flex: '1 1 160px', maxWidth: 240 }}
          />
          <Typography.Text aria-hidden>→</Typography.Text>
          <Select
            aria-label={t('imports.mappingTo', { n: i + 1 })}
            placeholder={t('imports.mappingToPlaceholder')}
            value={p.to || undefined}
            onChange={(v: string) => update(i, { to: v })}
            options={targets}
            style={{ flex: '1 1 160px', maxWidth: 240 }}
          />
          <Button icon={<DeleteOutlined />} aria-label={t('imports.mappingRemove')} onClick={() => onChange(pairs.filter((_, j) => j !== i))} />
        </Flex>
      ))}
      <div>
        <Button icon={<PlusOutlined />} onClick={() => onChange([...pairs, { from: '', to: '' }])}>
          {t('imports.mappingAdd')}
        </Button>
      </div>
    </Flex>
  );
}
