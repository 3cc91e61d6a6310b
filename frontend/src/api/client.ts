import createClient from 'openapi-fetch';
import { authFetch } from '../lib/auth/session';
import type { paths } from './schema';

/** The typed API client: every call carries the bearer token and refreshes it when needed. */
export const api = createClient<paths>({ baseUrl: '', fetch: (request) => authFetch(request) });

export { publicApi } from './http';
