import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchBox } from '../../lib/ui/SearchBox';
import { FilterBar } from './FilterBar';
import { activeFilterCount, DEFAULT_FILTERS, type ResultFilters } from './filters';

/** Phones: the search box, and a 筛选 button (with the number of active filters) opening the rest in a drawer. */
export function PhoneFilters({ filters, onChange }: { filters: ResultFilters; onChange: (next: ResultFilters) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const active = activeFilterCount({ ...filters, q: undefined, status: DEFAULT_FILTERS.status });
  return (
    <>
      <Flex gap="small" align="center" style={{ marginBottom: 12 }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <SearchBox
            value={filters.q ?? ''}
            onSearch={(q) => onChange({ ...filters, q: q || undefined })}
            placeholder={t('results.searchPlaceholder')}
            label={t('results.searchPlaceholder')}
          />
        </div>
        <Badge count={active} size="small">
          <Button icon={<FilterOutlined aria-hidden />} onClick={() => setOpen(true)} data-testid="filters-open">
            {t('phoneWorkbench.filters')}
          </Button>
        </Badge>
      </Flex>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="bottom"
        height="auto"
        title={t('phoneWorkbench.filtersTitle')}
        extra={
          <Button type="primary" onClick={() => setOpen(false)}>
            {t('phoneWorkbench.done')}
          </Button>
        }
        data-testid="filters-drawer"
      >
        <FilterBar filters={filters} onChange={onChange} stacked />
      </Drawer>
    </>
  );
}
