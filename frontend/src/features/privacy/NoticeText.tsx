import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrivacyNotice } from '../../api/types';

/** The notice body in the reader's language; plain text (never HTML), one paragraph per line. */
export function NoticeText({ body }: { body: string }) {
  const paragraphs = body.split(/\n+/).filter((p) => p.trim());
  return (
    <div data-testid="notice-text">
      {paragraphs.map((p, i) => (
        <Typography.Paragraph key={i} style={{ marginBottom: 8, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {p}
        </Typography.Paragraph>
      ))}
    </div>
  );
}

/** The body of `notice` for the current UI language. */
export function useNoticeBody(notice: PrivacyNotice | undefined): string {
  const { i18n } = useTranslation();
  if (!notice) return '';
  return i18n.language.startsWith('en') ? notice.body_en : notice.body_zh;
}
