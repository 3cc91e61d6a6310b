import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { MappingPreview, Vendor } from '../../api/types';
import { call, errorMessage } from '../../lib/problem';
import { vendorKeys } from './api';
import { EXAMPLE_EXPRESSION, EXAMPLE_PAYLOAD, parsePayload } from './mappingSample';
import { PreviewResult } from './PreviewResult';

const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 };

/** JMESPath mapping with a sample payload preview (stores nothing) and save. */
export function MappingEditor({ vendor }: { vendor: Vendor }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [expression, setExpression] = useState(vendor.mapping?.expression ?? '');
  const [payload, setPayload] = useState(EXAMPLE_PAYLOAD);
  const [jsonError, setJsonError] = useState<string | null>(null);

  const preview = useMutation({
    mutationFn: (body: { expression: string | null; payload: Record<string, unknown> }) =>
      call(api.POST('/api/v1/vendors/mapping-preview', { body })),
  });
  const save = useMutation({
    mutationFn: (expr: string) =>
      call(
        api.PATCH('/api/v1/vendors/{slug}', {
          params: { path: { slug: vendor.slug } },
          body: { mapping: expr.trim() ? { expression: expr.trim() } : null },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(vendorKeys.one(vendor.slug), updated);
      await queryClient.invalidateQueries({ queryKey: vendorKeys.list() });
      void message.success(t('vendors.mappingSaved'));
    },
  });

  const test = () => {
    const parsed = parsePayload(payload);
    if (!parsed.payload) {
      setJsonError(t('vendors.invalidJson', { error: parsed.error }));
      return;
    }
    setJsonError(null);
    preview.mutate({ expression: expression.trim() || null, payload: parsed.payload });
  };
  const dirty = expression.trim() !== (vendor.mapping?.expression ?? '');

  return (
    <Flex vertical gap="middle">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('vendors.mappingIntro')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Form layout="vertical" component="div">
            <Form.Item label={t('vendors.expression')} htmlFor="mapping-expression">
              <Input.TextArea
                id="mapping-expression"
                value={expression}
                onChange={(e) => setExpression(e.target.value)}
                autoSize={{ minRows: 8, maxRows: 24 }}
                placeholder={EXAMPLE_EXPRESSION}
                spellCheck={false}
                style={MONO}
              />
            </Form.Item>
          </Form>
        </Col>
        <Col xs={24} lg={12}>
          <Form layout="vertical" component="div">
            <Form.Item label={t('vendors.samplePayload')} extra={t('vendors.samplePayloadHint')} htmlFor="mapping-payload">
              <Input.TextArea
                id="mapping-payload"
                value={payload}
                onChange={(e) => setPayload(e.target.value)}
                autoSize={{ minRows: 8, maxRows: 24 }}
                spellCheck={false}
                style={MONO}
              />
            </Form.Item>
          </Form>
        </Col>
      </Row>
      <Flex gap="small" wrap>
        <Button type="primary" onClick={test} loading={preview.isPending} data-testid="mapping-test">
          {t('vendors.testMapping')}
        </Button>
        <Button onClick={() => save.mutate(expression)} loading={save.isPending} disabled={!dirty} data-testid="mapping-save">
          {t('vendors.saveMapping')}
        </Button>
        {!expression && !vendor.mapping && (
          <Button type="link" onClick={() => setExpression(EXAMPLE_EXPRESSION)}>
            {t('vendors.useExample')}
          </Button>
        )}
      </Flex>
      {jsonError && <Alert type="error" showIcon message={jsonError} role="alert" />}
      {save.isError && <Alert type="error" showIcon message={errorMessage(save.error, t)} role="alert" />}
      {preview.isError && <Alert type="error" showIcon message={errorMessage(preview.error, t)} role="alert" />}
      {preview.data && !jsonError && <PreviewResult preview={preview.data as MappingPreview} />}
    </Flex>
  );
}
