import { useQuery } from '@tanstack/react-query';
import { Select, TreeSelect, type SelectProps, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Department } from '../../api/types';
import { loadAll } from '../list/useCursorList';
import { call } from '../problem';
import { buildDepartmentTree, descendantIds, type DepartmentNode } from './tree';

export function useAllDepartments() {
  return useQuery({
    queryKey: ['departments', 'all'],
    queryFn: () =>
      loadAll((cursor) => call(api.GET('/api/v1/departments', { params: { query: { limit: 200, cursor } } }))),
    staleTime: 60_000,
  });
}

export function useAllPositions() {
  return useQuery({
    queryKey: ['positions', 'all'],
    queryFn: () =>
      loadAll((cursor) => call(api.GET('/api/v1/positions', { params: { query: { limit: 200, cursor } } }))),
    staleTime: 60_000,
  });
}

export function useAllBatches() {
  return useQuery({
    queryKey: ['batches', 'all'],
    queryFn: () => loadAll((cursor) => call(api.GET('/api/v1/batches', { params: { query: { limit: 200, cursor } } }))),
    staleTime: 60_000,
  });
}

/** id → "name (code)" for showing references in tables. */
export function useNames<T extends { id: string; name: string }>(rows: T[] | undefined) {
  return useMemo(() => new Map((rows ?? []).map((r) => [r.id, r.name])), [rows]);
}

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

function toOptions(nodes: DepartmentNode[], disabled: Set<string>): TreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: `${n.name} (${n.code})`,
    disabled: disabled.has(n.id),
    children: n.children && toOptions(n.children, disabled),
  }));
}

type DeptSelectProps = Omit<TreeSelectProps, 'treeData'> & {
  /** A department that may not be chosen, with everything below it (a department's own parent). */
  exclude?: string;
};

export function DepartmentTreeSelect({ exclude, ...props }: DeptSelectProps) {
  const { t } = useTranslation();
  const departments = useAllDepartments();
  const treeData = useMemo(() => {
    const rows: Department[] = departments.data ?? [];
    const disabled = exclude ? descendantIds(rows, exclude) : new Set<string>();
    return toOptions(buildDepartmentTree(rows), disabled);
  }, [departments.data, exclude]);
  return (
    <TreeSelect
      allowClear
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      placeholder={t('org.selectDepartment')}
      loading={departments.isPending}
      treeData={treeData}
      {...props}
    />
  );
}

export function PositionSelect(props: Omit<SelectProps, 'options'>) {
  const { t } = useTranslation();
  const positions = useAllPositions();
  const options = useMemo(
    () => (positions.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.code})` })),
    [positions.data],
  );
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={t('org.selectPosition')}
      loading={positions.isPending}
      options={options}
      {...props}
    />
  );
}

export function BatchSelect(props: Omit<SelectProps, 'options'>) {
  const { t } = useTranslation();
  const batches = useAllBatches();
  const options = useMemo(() => (batches.data ?? []).map((b) => ({ value: b.id, label: `${b.name} (${b.code})` })), [batches.data]);
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={t('results.selectBatch')}
      loading={batches.isPending}
      options={options}
      {...props}
    />
  );
}
