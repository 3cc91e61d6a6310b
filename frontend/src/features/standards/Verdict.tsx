import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ResultDimension, StandardVerdict } from '../../api/types';

/** The failed rules in plain words (`pass_line`, `minimum:<code>` → the dimension's name). */
export function ruleLabels(rules: string[], t: TFunction, names: Map<string, string>): string[] {
  return rules.map((rule) => {
    if (rule === 'pass_line') return t('standards.rulePassLine');
    const code = rule.startsWith('minimum:') ? rule.slice('minimum:'.length) : rule;
    return t('standards.ruleMinimum', { name: names.get(code) ?? code });
  });
}

/** Weighted total under the position's standard and whether the result meets it (— without one). */
export function VerdictCell({ verdict, dimensions = [] }: { verdict: StandardVerdict | null | undefined; dimensions?: ResultDimension[] }) {
  const { t } = useTranslation();
  if (!verdict) return <Typography.Text type="secondary">{t('standards.noVerdict')}</Typography.Text>;
  const names = new Map(dimensions.map((d) => [d.code, d.name]));
  const why = verdict.failed_rules.length ? t('standards.failedRules', { rules: ruleLabels(verdict.failed_rules, t, names).join(';') }) : undefined;
  return (
    <Flex align="center" gap={6} style={{ whiteSpace: 'nowrap' }} data-testid="verdict">
      <Typography.Text strong>{verdict.weighted_total.toFixed(1)}</Typography.Text>
      <Tooltip title={why}>
        <Tag color={verdict.passed ? 'green' : 'red'} data-testid="verdict-tag" tabIndex={why ? 0 : undefined} aria-label={why}>
          {verdict.passed ? t('standards.passed') : t('standards.failed')}
        </Tag>
      </Tooltip>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('standards.version', { version: verdict.version })}
      </Typography.Text>
    </Flex>
  );
}
