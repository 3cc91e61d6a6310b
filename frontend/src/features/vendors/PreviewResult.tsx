import { Alert, Descriptions, List, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MappingPreview, ResultPreview } from '../../api/types';
import { ScoreBar } from '../results/bits';

function text(obj: Record<string, unknown> | null | undefined, ...keys: string[]): string {
  if (!obj) return '';
  return keys
    .map((k) => obj[k])
    .filter((v) => typeof v === 'string' && v)
    .join(' · ');
}

function Normalised({ data }: { data: ResultPreview }) {
  const { t } = useTranslation();
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('vendors.candidate')}>{text(data.candidate, 'name', 'employee_no', 'email')}</Descriptions.Item>
        <Descriptions.Item label="interview_id">{data.interview_id}</Descriptions.Item>
        <Descriptions.Item label={t('results.position')}>{text(data.position, 'name', 'code')}</Descriptions.Item>
        <Descriptions.Item label={t('results.department')}>{text(data.department, 'name', 'code')}</Descriptions.Item>
        <Descriptions.Item label={t('results.total')}>
          {data.total_score} / {data.max_score}
        </Descriptions.Item>
        <Descriptions.Item label={t('vendors.normalizedTotal')}>
          <span data-testid="preview-normalized-total">
            <ScoreBar value={data.normalized_total} />
          </span>
        </Descriptions.Item>
      </Descriptions>
      {data.dimensions.length > 0 && (
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data.dimensions}
          columns={[
            { title: t('common.code'), dataIndex: 'code' },
            { title: t('common.name'), dataIndex: 'name' },
            { title: t('results.total'), key: 'score', render: (_, d) => `${d.score} / ${d.max_score}` },
            { title: t('vendors.normalizedTotal'), dataIndex: 'normalized', render: (v: number) => v.toFixed(1) },
            { title: t('results.aiComment'), dataIndex: 'comment' },
          ]}
        />
      )}
    </>
  );
}

/** The normalised result of a mapping preview, or the fields it lacks. */
export function PreviewResult({ preview }: { preview: MappingPreview }) {
  const { t } = useTranslation();
  if (preview.ok && preview.data) {
    return (
      <div data-testid="mapping-preview">
        <Alert type="success" showIcon message={t('vendors.previewOk')} style={{ marginBottom: 16 }} />
        <Normalised data={preview.data} />
      </div>
    );
  }
  return (
    <div data-testid="mapping-preview">
      <Alert
        type="error"
        showIcon
        role="alert"
        message={t('vendors.previewFailed')}
        description={
          <List
            size="small"
            dataSource={preview.errors ?? []}
            renderItem={(e) => (
              <List.Item>
                <Typography.Text code>{e.loc.join('.')}</Typography.Text> {e.msg}
              </List.Item>
            )}
          />
        }
      />
    </div>
  );
}
