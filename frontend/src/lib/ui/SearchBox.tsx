import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A labelled search input that reports its value when submitted or cleared. */
export function SearchBox({
  value,
  onSearch,
  placeholder,
  label,
}: {
  value: string;
  onSearch: (q: string) => void;
  placeholder?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Input.Search
      allowClear
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value && value) onSearch('');
      }}
      onSearch={(q) => onSearch(q.trim())}
      placeholder={placeholder ?? t('common.searchPlaceholder')}
      aria-label={label ?? t('common.search')}
      enterButton={t('common.search')}
      style={{ maxWidth: 420 }}
      data-testid="search-input"
    />
  );
}
