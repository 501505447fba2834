import { Flex } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { LangSwitch } from '../../app/lang-switch';

/** A narrow page for phones (390 px and up): title bar, one h1, content. */
export function MobileShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div style={{ maxWidth: 480, margin: '0 auto', minHeight: '100vh', background: '#f5f5f5' }}>
      <header style={{ background: '#c41d1d', color: '#fff', padding: '12px 16px' }}>
        <Flex justify="space-between" align="center">
          <span style={{ fontWeight: 600 }}>{t('appName')}</span>
          <LangSwitch />
        </Flex>
        <h1 style={{ fontSize: 20, margin: '8px 0 0', color: '#fff' }}>{title}</h1>
      </header>
      <main style={{ padding: 12 }}>{children}</main>
    </div>
  );
}
