import type { ErrorBody } from '../../contracts/common';
import type { Locale } from '../../contracts/i18n';

/** A refused request: the server's code and message (already in the UI language) and its field errors. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields: { path: string; message: string }[] = [],
    public readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let locale: Locale = 'zh-CN';
let onUnauthorized: (() => void) | null = null;
let networkMessage = '无法连接服务器，请检查网络后重试';

/** The UI language travels with every request so errors come back in it. */
export function setApiLocale(l: Locale, networkError: string) {
  locale = l;
  networkMessage = networkError;
}
/** Called when a request answers 401 (the session ended): the app goes back to the login page. */
export function setUnauthorizedHandler(fn: (() => void) | null) {
  onUnauthorized = fn;
}

export const API = '/api/v1';

export function queryString(query?: Query): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | undefined;
  try { body = await res.json(); } catch { /* not JSON */ }
  const retry = Number(res.headers.get('retry-after')) || undefined;
  const e = body?.error;
  return new ApiError(res.status, e?.code ?? `http${res.status}`, e?.message ?? `HTTP ${res.status}`, e?.fields ?? [], retry);
}

async function send(path: string, init: RequestInit & { query?: Query }): Promise<Response> {
  const { query, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(`${API}${path}${queryString(query)}`, {
      credentials: 'same-origin',
      ...rest,
      headers: { 'Accept-Language': locale, ...(headers as Record<string, string>) },
    });
  } catch {
    throw new ApiError(0, 'network', networkMessage);
  }
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthorized?.();
    throw err;
  }
  return res;
}

/** JSON request → JSON answer (204 → undefined). */
export async function api<T>(path: string, opts: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
  const { method = 'GET', body, query, signal } = opts;
  const res = await send(path, {
    method, query, signal,
    headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* fall through */ } }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/** Downloads a file answer (Excel export, template) and saves it under the server's file name. */
export async function download(path: string, query?: Query, fallback = 'download.xlsx'): Promise<string> {
  const res = await send(path, { method: 'GET', query });
  const blob = await res.blob();
  const name = filenameOf(res, fallback);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** Multipart upload with progress (fetch cannot report upload progress; XHR can). */
export function upload<T>(path: string, file: File, query: Query, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API}${path}${queryString(query)}`);
    xhr.setRequestHeader('Accept-Language', locale);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress?.(Math.round((e.loaded / e.total) * 100)); };
    xhr.onerror = () => reject(new ApiError(0, 'network', networkMessage));
    xhr.onload = () => {
      let body: unknown;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined; } catch { body = undefined; }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const e = (body as Partial<ErrorBody> | undefined)?.error;
      if (xhr.status === 401) onUnauthorized?.();
      reject(new ApiError(xhr.status, e?.code ?? `http${xhr.status}`, e?.message ?? `HTTP ${xhr.status}`, e?.fields ?? []));
    };
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
