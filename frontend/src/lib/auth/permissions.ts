import { useAuth } from './context';

/** True when the signed-in user holds the permission (e.g. "org:write"). */
export function useCan(permission: string): boolean {
  const { permissions } = useAuth();
  return Boolean(permissions?.permissions.some((p) => p === permission));
}
