import type { ReactNode } from 'react';

/** The single h1 of a page. */
export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, marginBottom: 16 }}>
      <h1 style={{ fontSize: 20, fontWeight: 600, margin: 0 }}>{children}</h1>
      {extra}
    </div>
  );
}
