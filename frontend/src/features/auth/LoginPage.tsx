import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../lib/auth/context';
import { ssoErrorMessage } from '../identity/sso';
import { SsoButtons } from '../identity/SsoButtons';
import { LanguageSwitch } from '../layout/HeaderActions';
import { loginErrorMessage, safeNext } from './loginError';

const DemoAccounts = import.meta.env.DEV
  ? lazy(() => import('./DemoAccounts').then((m) => ({ default: m.DemoAccounts })))
  : null;

interface Fields {
  email: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));
  const ssoError = ssoErrorMessage(params.get('error'), t);

  if (auth.signedIn && !submitting) return <Navigate to={next} replace />;

  const submit = async ({ email, password }: Fields) => {
    setSubmitting(true);
    setError(null);
    try {
      await auth.login(email.trim(), password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(loginErrorMessage(err, t));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: 400 }}>
        <LanguageSwitch />
      </Flex>
      <main style={{ width: '100%', maxWidth: 400 }}>
        <Card>
          <Flex vertical align="center" style={{ marginBottom: 24 }}>
            <img src="/favicon.svg" alt="" width={48} height={48} />
            <Typography.Title level={2} style={{ margin: '12px 0 4px' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('login.subtitle')}
            </Typography.Text>
          </Flex>
          {ssoError && !error && (
            <Alert type="error" showIcon message={ssoError} role="alert" data-testid="sso-error" style={{ marginBottom: 16 }} />
          )}
          {auth.expired && !error && !ssoError && (
            <Alert type="info" showIcon message={t('error.sessionExpired')} style={{ marginBottom: 16 }} />
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              message={error}
              role="alert"
              data-testid="login-error"
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<Fields> form={form} layout="vertical" requiredMark={false} onFinish={submit} size="large">
            <Form.Item
              name="email"
              label={t('login.email')}
              rules={[
                { required: true, message: t('common.required', { field: t('login.email') }) },
                { type: 'email', message: t('login.emailInvalid') },
              ]}
            >
              <Input
                prefix={<MailOutlined />}
                type="email"
                autoComplete="username"
                placeholder={t('login.emailPlaceholder')}
                autoFocus
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} style={{ height: 44 }}>
              {t('login.submit')}
            </Button>
          </Form>
          <SsoButtons next={next} failed={ssoError !== null} />
          {DemoAccounts && (
            <Suspense fallback={null}>
              <div style={{ marginTop: 16 }}>
                <DemoAccounts onPick={(email, password) => form.setFieldsValue({ email, password })} />
              </div>
            </Suspense>
          )}
        </Card>
      </main>
    </Flex>
  );
}
