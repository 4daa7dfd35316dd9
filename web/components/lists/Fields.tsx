import type { ReactNode } from 'react';

/** Label : value rows, two columns on a desktop, one on a phone. */
export function Fields({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(84px, max-content) 1fr', gap: '6px 14px', fontSize: 14 }}>
      {rows.filter(([, v]) => v !== undefined).map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <span style={{ color: '#8c8c8c' }}>{k}</span>
          <span style={{ minWidth: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{v ?? '—'}</span>
        </div>
      ))}
    </div>
  );
}
