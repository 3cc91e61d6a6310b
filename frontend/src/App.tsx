import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { AuthProvider } from './lib/auth/AuthProvider';
import { ApiError } from './lib/problem';
import { useIsMobile, usePrefersReducedMotion } from './lib/ui/media';
import { AppRoutes } from './routes';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers will not change by asking again; network and 5xx get one more try.
      retry: (count, err) => count < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

function Themed({ children }: { children: React.ReactNode }) {
  const { i18n } = useTranslation();
  const mobile = useIsMobile();
  const reducedMotion = usePrefersReducedMotion();
  const zh = i18n.language !== 'en';
  return (
    <ConfigProvider
      locale={zh ? zhCN : enUS}
      theme={{
        token: {
          colorPrimary: '#1677ff',
          borderRadius: 6,
          motion: !reducedMotion,
          ...(mobile ? { controlHeight: 44 } : {}),
        },
        components: mobile ? { Menu: { itemHeight: 48 } } : undefined,
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Themed>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </Themed>
    </QueryClientProvider>
  );
}
