import { App } from 'antd';
import { useLinkText } from './messages';

/** The 202 answer of a create whose ID number another organisation keeps. */
export type LinkRequestedAnswer = { status: 'link_requested'; requestId: string; message: string };

export function isLinkRequested(x: unknown): x is LinkRequestedAnswer {
  return typeof x === 'object' && x !== null && (x as { status?: unknown }).status === 'link_requested';
}

/**
 * Tells the user that nothing was created yet: a link request went to the organisation keeping the
 * person (the server's words, which name nobody), and where to follow it.
 */
export function useLinkRequestedNotice() {
  const { modal } = App.useApp();
  const t = useLinkText();
  return (answer: LinkRequestedAnswer) =>
    modal.info({
      title: t('linkRequested'),
      content: (
        <>
          <p>{answer.message}</p>
          <p>{t('linkRequestedHint')}</p>
        </>
      ),
    });
}
