import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time';

interface Props {
  open: boolean;
  title: string;
  secret?: string;
  webhookPath?: string;
  previousExpiresAt?: string | null;
  onClose: () => void;
}

/** A secret shown exactly once, with a copy button; closing forgets it. */
export function SecretOnceModal({ open, title, secret, webhookPath, previousExpiresAt, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      closable={false}
      maskClosable={false}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>
      }
    >
      <Alert type="warning" showIcon message={t('vendors.secretWarning')} style={{ marginBottom: 16 }} />
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('vendors.secret')}>
          <Typography.Text copyable={{ tooltips: [t('common.copy'), t('common.copied')] }} code data-testid="vendor-secret" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Typography.Text>
        </Descriptions.Item>
        {webhookPath && (
          <Descriptions.Item label={t('vendors.webhookUrl')}>
            <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>
              {`${window.location.origin}${webhookPath}`}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {previousExpiresAt && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('vendors.previousValidUntil', { time: formatDateTime(previousExpiresAt) })}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
