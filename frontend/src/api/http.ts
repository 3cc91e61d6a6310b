import i18n from 'i18next';
import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The request with the language the SPA shows: the server words its messages in it. */
export function withLanguage(request: Request): Request {
  const r = new Request(request);
  if (i18n.language) r.headers.set('Accept-Language', i18n.language);
  return r;
}

/** Typed client without credentials: token, health. */
export const publicApi = createClient<paths>({ baseUrl: '', fetch: (request) => fetch(withLanguage(request)) });

export const formSerializer = (body: object): URLSearchParams => {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== null) form.set(k, String(v));
  return form;
};
