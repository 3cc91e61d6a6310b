import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisReport } from '../../api/types';
import { hasRole, useAuth } from '../../lib/auth/context';
import { DepartmentTreeSelect } from '../../lib/org/lookups';
import { errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { downloadReport, useCreateReport, useReports } from './api';
import { previousQuarter, recentQuarters } from './quarters';

const STATUS_COLORS = { pending: 'default', running: 'processing', succeeded: 'success', failed: 'error' } as const;

function CreateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const auth = useAuth();
  const wide = hasRole(auth, 'hr') || hasRole(auth, 'admin');
  const create = useCreateReport();
  const [form] = Form.useForm<{ period: string; department_id?: string }>();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await create.mutateAsync({ period: values.period, department_id: values.department_id || undefined });
      void message.success(t('reports.created'));
      onClose();
    } catch (err) {
      void message.error(errorMessage(err, t));
    }
  };
  return (
    <Modal
      open={open}
      title={t('reports.create')}
      okText={t('reports.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ period: previousQuarter(new Date()) }}>
        <Form.Item name="period" label={t('reports.period')} rules={[{ required: true }]}>
          <Select options={recentQuarters(new Date()).map((q) => ({ value: q, label: q }))} />
        </Form.Item>
        <Form.Item
          name="department_id"
          label={t('reports.department')}
          rules={wide ? [] : [{ required: true, message: t('reports.departmentRequired') }]}
        >
          <DepartmentTreeSelect allowClear placeholder={wide ? t('reports.wholeOrganisation') : t('reports.departmentRequired')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 分析报告: the quarterly packs in scope, made automatically or on demand, as XLSX or PDF. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reports = useReports();
  const [creating, setCreating] = useState(false);
  const download = async (id: string, format: 'xlsx' | 'pdf') => {
    try {
      await downloadReport(id, format);
    } catch (err) {
      void message.error(t('reports.downloadFailed', { error: errorMessage(err, t) }));
    }
  };
  const createButton = (
    <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
      {t('reports.create')}
    </Button>
  );
  let body: React.ReactNode;
  if (reports.isPending) body = <LoadingSkeleton rows={6} />;
  else if (reports.isError) body = <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />;
  else if (reports.data.items.length === 0) body = <EmptyState description={t('reports.empty')} action={createButton} />;
  else
    body = (
      <Table<AnalysisReport>
        rowKey="id"
        size="middle"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={reports.data.items}
        data-testid="reports-table"
        expandable={{
          rowExpandable: (r) => Array.isArray(r.summary.answers),
          expandedRowRender: (r) => (
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {(r.summary.answers as string[]).map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ol>
          ),
        }}
        columns={[
          { title: t('reports.period'), dataIndex: 'period', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('reports.scope'), key: 'scope', render: (_, r) => r.department?.name ?? t('reports.wholeOrganisation') },
          {
            title: t('reports.status'),
            key: 'status',
            render: (_, r) => (
              <Flex gap={4}>
                <Tag color={STATUS_COLORS[r.status]}>{t(`reports.statusName.${r.status}`)}</Tag>
                <Tag>{r.automatic ? t('reports.automatic') : t('reports.onDemand')}</Tag>
              </Flex>
            ),
          },
          { title: t('reports.createdAt'), key: 'created', render: (_, r) => formatDateTime(r.created_at) },
          {
            title: t('reports.download'),
            key: 'download',
            render: (_, r) =>
              r.status === 'succeeded' ? (
                <Flex gap={8}>
                  <Button size="small" icon={<DownloadOutlined aria-hidden />} onClick={() => void download(r.id, 'xlsx')} aria-label={`${r.period} XLSX`}>
                    {t('reports.downloadXlsx')}
                  </Button>
                  <Button size="small" icon={<DownloadOutlined aria-hidden />} onClick={() => void download(r.id, 'pdf')} aria-label={`${r.period} PDF`}>
                    {t('reports.downloadPdf')}
                  </Button>
                </Flex>
              ) : (
                <Typography.Text type="secondary">{r.error ?? '—'}</Typography.Text>
              ),
          },
        ]}
      />
    );
  return (
    <>
      <PageHeader title={t('reports.title')} extra={createButton} />
      <Typography.Paragraph type="secondary">{t('reports.intro')}</Typography.Paragraph>
      {body}
      <CreateDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
