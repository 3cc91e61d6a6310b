import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Flex, Progress, Radio, Result, Steps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/problem';
import { parseCsv, saveBlob } from '../analytics/csv';
import { useCreateImport, useImportJob } from './api';
import type { ImportJob, ImportKind } from './contract';
import { StatusTag } from './ImportHistory';
import { MappingEditor, mappingObject, type MappingPair } from './MappingEditor';
import { ReportView } from './ReportView';
import { ACCEPT, countParts, decodeCsv, IMPORT_KINDS, isFinished, MAX_BYTES, progressPercent, templateCsv } from './templates';

async function readRows(file: File): Promise<string[][] | null> {
  if (!/\.csv$/i.test(file.name) && file.type !== 'text/csv') return null;
  try {
    return parseCsv(decodeCsv(await file.arrayBuffer()));
  } catch {
    return null;
  }
}

function Progressing({ id, onRestart }: { id: string; onRestart: () => void }) {
  const { t } = useTranslation();
  const job = useImportJob(id);
  const data = job.data;
  if (!data) return <Progress percent={0} status="active" />;
  const done = isFinished(data.status);
  return (
    <Flex vertical gap="middle" data-testid="import-progress">
      <Flex align="center" gap="small" wrap>
        <StatusTag status={data.status} />
        <Typography.Text data-testid="import-progress-text">
          {t('imports.processed', { processed: data.processed_rows, valid: data.valid_rows })}
        </Typography.Text>
      </Flex>
      <Progress
        percent={progressPercent(data)}
        status={data.status === 'failed' ? 'exception' : done ? 'success' : 'active'}
        aria-label={t('imports.progress')}
      />
      {data.status === 'succeeded' && (
        <div data-testid="import-done">
        <Result
          status="success"
          title={t('imports.done')}
          subTitle={countParts(data.counts)
            .map(({ kind, action, count }) => `${t(`imports.kinds.${kind}`)} ${t(`imports.counts.${action}`)} ${count}`)
            .join(' · ')}
          extra={[
            <Link key="analytics" to="/analytics">
              <Button type="primary">{t('imports.openAnalytics')}</Button>
            </Link>,
            <Button key="again" onClick={onRestart}>
              {t('imports.again')}
            </Button>,
          ]}
        />
        </div>
      )}
      {data.status === 'failed' && (
        <Result status="error" title={t('imports.failed')} subTitle={data.failure ?? undefined} extra={<Button onClick={onRestart}>{t('imports.again')}</Button>} />
      )}
      {done && data.errors.length > 0 && <ReportView job={data} fileRows={null} />}
      {job.isError && <Alert type="warning" showIcon message={errorMessage(job.error, t)} />}
    </Flex>
  );
}

/** Upload → check (dry run) → import with live progress. */
export function ImportWizard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>('performance');
  const [file, setFile] = useState<File | null>(null);
  const [pairs, setPairs] = useState<MappingPair[]>([]);
  const [report, setReport] = useState<ImportJob | null>(null);
  const [fileRows, setFileRows] = useState<string[][] | null>(null);
  const [jobId, setJobId] = useState<string>();
  const create = useCreateImport();

  const restart = () => {
    setStep(0);
    setFile(null);
    setReport(null);
    setFileRows(null);
    setJobId(undefined);
    create.reset();
  };

  const check = async () => {
    if (!file) return;
    try {
      const job = await create.mutateAsync({ file, kind, dryRun: true, mapping: mappingObject(pairs) });
      setReport(job);
      setFileRows(job.errors.length ? await readRows(file) : null);
      setStep(1);
    } catch {
      // shown below the upload
    }
  };

  const commit = async () => {
    if (!file) return;
    try {
      const job = await create.mutateAsync({ file, kind, dryRun: false, mapping: mappingObject(pairs) });
      setJobId(job.id);
      setStep(2);
    } catch {
      // shown below the report
    }
  };

  const downloadTemplate = (k: ImportKind) =>
    saveBlob(new Blob([templateCsv(k)], { type: 'text/csv;charset=utf-8' }), `${t(`imports.kinds.${k}`)}-${t('imports.template')}.csv`);

  return (
    <Card data-testid="import-wizard">
      <Steps
        current={step}
        size="small"
        responsive
        style={{ marginBottom: 24 }}
        items={[{ title: t('imports.stepUpload') }, { title: t('imports.stepCheck') }, { title: t('imports.stepImport') }]}
      />
      {step === 0 && (
        <Flex vertical gap="middle">
          <div>
            <Typography.Text strong id="import-kind-label">
              {t('imports.kind')}
            </Typography.Text>
            <Radio.Group
              aria-labelledby="import-kind-label"
              value={kind}
              onChange={(e) => setKind(e.target.value as ImportKind)}
              optionType="button"
              options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
              style={{ display: 'flex', flexWrap: 'wrap', marginTop: 8 }}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t(`imports.kindHint.${kind}`)}
            </Typography.Paragraph>
            <Button type="link" icon={<DownloadOutlined />} onClick={() => downloadTemplate(kind)} style={{ paddingInline: 0 }} data-testid="download-template">
              {t('imports.downloadTemplate', { kind: t(`imports.kinds.${kind}`) })}
            </Button>
          </div>
          <Upload.Dragger
            accept={ACCEPT}
            maxCount={1}
            multiple={false}
            fileList={file ? [{ uid: '1', name: file.name, size: file.size, status: 'done' }] : []}
            beforeUpload={(f) => {
              if (f.size > MAX_BYTES) {
                void message.error(t('imports.tooLarge'));
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              create.reset();
              return false;
            }}
            onRemove={() => setFile(null)}
            aria-label={t('imports.drop')}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined aria-hidden />
            </p>
            <p className="ant-upload-text">{t('imports.drop')}</p>
            <p className="ant-upload-hint">{t('imports.formats')}</p>
          </Upload.Dragger>
          <Collapse
            size="small"
            items={[{ key: 'mapping', label: t('imports.mapping'), children: <MappingEditor kind={kind} pairs={pairs} onChange={setPairs} /> }]}
          />
          {create.isError && <Alert type="error" showIcon message={t('imports.checkFailed')} description={errorMessage(create.error, t)} data-testid="import-error" />}
          <Flex justify="flex-end">
            <Button type="primary" size="large" disabled={!file} loading={create.isPending} onClick={() => void check()} data-testid="import-check">
              {t('imports.check')}
            </Button>
          </Flex>
        </Flex>
      )}
      {step === 1 && report && (
        <Flex vertical gap="middle">
          <ReportView job={report} fileRows={fileRows} />
          {report.valid_rows === 0 && <Alert type="error" showIcon message={t('imports.nothingValid')} />}
          {create.isError && <Alert type="error" showIcon message={errorMessage(create.error, t)} />}
          <Flex justify="space-between" gap="small" wrap>
            <Button size="large" onClick={() => setStep(0)}>
              {t('imports.back')}
            </Button>
            <Button type="primary" size="large" disabled={report.valid_rows === 0} loading={create.isPending} onClick={() => void commit()} data-testid="import-commit">
              {t('imports.commit', { count: report.valid_rows })}
            </Button>
          </Flex>
        </Flex>
      )}
      {step === 2 && jobId && <Progressing id={jobId} onRestart={restart} />}
    </Card>
  );
}
