import { createContext, useContext } from 'react';
import type { Me, MyPermissions } from '../../api/types';

export interface AuthState {
  signedIn: boolean;
  /** The sign-in is being restored from the cookie (page load): neither in nor out yet. */
  restoring: boolean;
  /** The session ended by itself (refresh token expired or revoked). */
  expired: boolean;
  me?: Me;
  permissions?: MyPermissions;
  loading: boolean;
  error: unknown;
  retry: () => void;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside <AuthProvider>');
  return state;
}

export function hasRole(state: Pick<AuthState, 'me'>, role: string): boolean {
  return Boolean(state.me?.roles.some((r) => r === role));
}
