import { useQueryClient } from '@tanstack/react-query';
import { Select } from 'antd';
import type { Lang } from '../api/types';
import { useI18n } from './i18n';

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  const qc = useQueryClient();
  return (
    <Select<Lang>
      aria-label={t('lang.switch')}
      value={lang}
      style={{ width: 100 }}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en-US', label: 'English' },
      ]}
      onChange={(next) => {
        setLang(next);
        // Labels come from the server in the requested language.
        qc.invalidateQueries();
      }}
    />
  );
}
