import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';

/** Sets or clears one URL parameter (filters live in the URL, like the resource kit). */
export function useParam(name: string): [string | null, (v: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const set = (v: string | null) => setParams((prev) => { const n = new URLSearchParams(prev); if (v == null || v === '') n.delete(name); else n.set(name, v); return n; }, { replace: true });
  return [params.get(name), set];
}

/** The month in the URL (?month=YYYY-MM), this month by default. */
export function useMonthParam(): [string, (m: string) => void] {
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : dayjs().format('YYYY-MM');
  const set = (m: string) => setParams((prev) => { const n = new URLSearchParams(prev); n.set('month', m); return n; }, { replace: true });
  return [month, set];
}
