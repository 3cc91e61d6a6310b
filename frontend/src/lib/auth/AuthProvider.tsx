import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import i18n, { isLanguage, setLanguage, storedLanguage } from '../i18n';
import { call } from '../problem';
import { setUserTimezone } from '../time';
import { AuthContext, type AuthState } from './context';
import { forgetHere, isSignedIn, mayRestore, onSessionEnd, restore, SESSION_HINT, signIn, signOut } from './session';

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(isSignedIn);
  // On load the access token is gone (it lived in memory): get one from the sign-in cookie.
  const [restoring, setRestoring] = useState(() => !isSignedIn() && mayRestore());
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    if (!restoring) return;
    let live = true;
    void restore().then((ok) => {
      if (!live) return;
      setSignedIn(ok);
      setRestoring(false);
    });
    return () => {
      live = false;
    };
  }, [restoring]);

  useEffect(
    () =>
      onSessionEnd((reason) => {
        queryClient.clear();
        setSignedIn(false);
        setExpired(reason === 'expired');
      }),
    [queryClient],
  );

  // Another tab signed out (the hint went) or in (the hint came: restore from the cookie).
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key !== null && e.key !== SESSION_HINT) return;
      if (!mayRestore()) {
        forgetHere();
        setSignedIn(false);
      } else if (!isSignedIn()) {
        setRestoring(true);
      }
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => call(api.GET('/api/v1/me')),
    enabled: signedIn || restoring, // while restoring, they wait for the same cookie refresh
    staleTime: 5 * 60_000,
  });
  const permissions = useQuery({
    queryKey: ['me', 'permissions'],
    queryFn: () => call(api.GET('/api/v1/me/permissions')),
    enabled: signedIn || restoring, // while restoring, they wait for the same cookie refresh
    staleTime: 5 * 60_000,
  });

  useEffect(() => {
    if (!me.data) return;
    setUserTimezone(me.data.timezone);
    const locale = me.data.locale;
    const chosen = storedLanguage();
    if (!chosen && isLanguage(locale) && i18n.language !== locale) void setLanguage(locale);
    // a language chosen in this browser (e.g. on the sign-in page) becomes the account's, so
    // notifications, e-mails and exports are written in it too
    else if (chosen && chosen !== locale && me.data.kind === 'user') void api.PATCH('/api/v1/me', { body: { locale: chosen } }).catch(() => undefined);
  }, [me.data]);

  const login = useCallback(
    async (email: string, password: string) => {
      await signIn(email, password);
      queryClient.clear();
      setExpired(false);
      setSignedIn(true);
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    await signOut();
    queryClient.clear();
    setSignedIn(false);
    setExpired(false);
  }, [queryClient]);

  const value = useMemo<AuthState>(
    () => ({
      signedIn,
      expired,
      me: me.data,
      permissions: permissions.data,
      restoring,
      loading: restoring || (signedIn && (me.isPending || permissions.isPending)),
      error: me.error ?? permissions.error,
      retry: () => {
        void me.refetch();
        void permissions.refetch();
      },
      login,
      logout,
    }),
    [signedIn, restoring, expired, me, permissions, login, logout],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
