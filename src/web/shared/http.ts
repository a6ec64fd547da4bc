/** JSON over HTTP for the browser code: the API's error body becomes an HttpError. */
import type { ErrorBody, PolicyDocument } from './wire.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from a Retry-After header (429, 503), else null. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (body as { error?: Partial<ErrorBody> } | null)?.error;
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new HttpError(res.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${res.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
  return body as T;
}

/**
 * `GET <server>/v1/documents/:id`, each document fetched once per page. A failure is not kept:
 * the next call tries again.
 */
export function documentLoader(server: string): (id: string) => Promise<PolicyDocument> {
  const documents = new Map<string, Promise<PolicyDocument>>();
  return (id) => {
    let p = documents.get(id);
    if (!p) {
      p = getJson<PolicyDocument>(`${server}/v1/documents/${encodeURIComponent(id)}`);
      documents.set(id, p);
      p.catch(() => documents.delete(id));
    }
    return p;
  };
}
