import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** Typed client without credentials: token, health. */
export const publicApi = createClient<paths>({ baseUrl: '' });

export const formSerializer = (body: object): URLSearchParams => {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== null) form.set(k, String(v));
  return form;
};
