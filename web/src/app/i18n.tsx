import { ConfigProvider, App as AntApp } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setApiLang } from '../api/client';
import type { Lang } from '../api/types';
import { enUS, type MessageKey, type Messages, zhCN } from './messages';

const STORAGE_KEY = 'tuanwu.lang';
const dictionaries: Record<Lang, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
type I18n = { lang: Lang; setLang: (lang: Lang) => void; t: Translate };

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en-US' ? 'en-US' : 'zh-CN';
}

// Set before the first request so the server answers in the right language.
setApiLang(initialLang());

// WCAG AA contrast for the grey texts and the primary colour (axe checks these).
const theme = {
  token: {
    colorPrimary: '#1d4ed8',
    colorError: '#cf1322',
    colorLink: '#1d4ed8',
    colorTextDescription: '#595959',
    colorTextTertiary: '#595959',
    colorTextQuaternary: '#6b6b6b',
    colorTextPlaceholder: '#6b6b6b',
  },
};

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setApiLang(next);
    setLangState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  }, [lang]);

  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    const t: Translate = (key, vars) => {
      let text = dict[key] ?? key;
      for (const [k, v] of Object.entries(vars ?? {})) text = text.replaceAll(`{${k}}`, String(v));
      return text;
    };
    return { lang, setLang, t };
  }, [lang, setLang]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={lang === 'zh-CN' ? zhCNAntd : enUSAntd} theme={theme}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

/**
 * The one way a feature keeps its texts: both languages side by side, the English one checked to
 * have exactly the Chinese keys, read through the returned hook.
 *   const useText = defineMessages({ title: '团籍管理' }, { title: 'Membership' });
 *   const t = useText(); t('title')
 */
export function defineMessages<K extends string>(zh: Record<K, string>, en: Record<K, string>) {
  const dictionaries: Record<Lang, Record<K, string>> = { 'zh-CN': zh, 'en-US': en };
  return function useText(): (key: K, vars?: Record<string, string | number>) => string {
    const { lang } = useI18n();
    return useCallback(
      (key: K, vars?: Record<string, string | number>) => {
        let text = dictionaries[lang][key] ?? key;
        for (const [k, v] of Object.entries(vars ?? {})) text = text.replaceAll(`{${k}}`, String(v));
        return text;
      },
      [lang],
    );
  };
}
