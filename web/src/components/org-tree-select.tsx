import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { client, ok } from '../api/client';
import type { Org } from '../api/types';
import { useI18n } from '../app/i18n';
import { useRoots } from '../app/scope';

type Node = { id: number; pId: number | null; value: number; title: string; isLeaf: boolean };

function toNode(o: Org, title = o.name): Node {
  return { id: o.id, pId: o.parentId, value: o.id, title, isLeaf: o.childCount === 0 };
}

type Props = {
  value?: number | null;
  onChange?: (id: number) => void;
  id?: string;
  'aria-label'?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  /** Orgs that may not be picked, e.g. the org itself when choosing a new parent. */
  disabledIds?: number[];
};

/**
 * An org picker over the caller's scope: roots first, children loaded on expand,
 * and a server-side search when the user types.
 */
export function OrgTreeSelect({ value, onChange, id, placeholder, style, disabledIds, ...rest }: Props) {
  const { t } = useI18n();
  const roots = useRoots().data?.items;
  const [nodes, setNodes] = useState<Map<number, Node>>(new Map());
  const [search, setSearch] = useState('');
  const autoId = useId();
  const inputId = id ?? autoId;

  const merge = useCallback(
    (orgs: Org[]) =>
      setNodes((prev) => {
        const next = new Map(prev);
        for (const o of orgs) next.set(o.id, toNode(o));
        return next;
      }),
    [],
  );

  useEffect(() => {
    if (roots) merge(roots);
  }, [roots, merge]);

  // Make sure the current value has a label even when its branch was never expanded.
  useEffect(() => {
    if (value && !nodes.has(value)) {
      ok(client.GET('/api/v1/orgs/{id}', { params: { path: { id: String(value) } } })).then(
        (o) => merge([o]),
        () => {},
      );
    }
  }, [value, nodes, merge]);

  const hits = useQuery({
    queryKey: ['orgs', 'search', search],
    queryFn: () => ok(client.GET('/api/v1/orgs/search', { params: { query: { q: search, limit: 20 } } })),
    enabled: search.trim().length > 0,
  });

  const loadData = async (node: { value?: unknown }) => {
    const parent = Number(node.value);
    const page = await ok(client.GET('/api/v1/orgs/{id}/children', { params: { path: { id: String(parent) }, query: { limit: 200, status: 'active' } } }));
    merge(page.items);
  };

  const disabled = useMemo(() => new Set(disabledIds ?? []), [disabledIds]);
  const treeData = useMemo(() => {
    const searching = search.trim().length > 0;
    const list: Node[] = searching
      ? (hits.data?.items ?? []).map((h) => ({ ...toNode(h, h.pathNames || h.name), pId: null, isLeaf: true }))
      : [...nodes.values()];
    // Keep the selected value visible while searching.
    if (searching && value && nodes.has(value) && !list.some((n) => n.id === value)) {
      list.push({ ...(nodes.get(value) as Node), pId: null, isLeaf: true });
    }
    const ids = new Set(list.map((n) => n.id));
    return list.map((n) => ({
      ...n,
      pId: n.pId !== null && ids.has(n.pId) ? n.pId : 0,
      disabled: disabled.has(n.id),
    }));
  }, [search, hits.data, nodes, value, disabled]);

  return (
    <TreeSelect
      id={inputId}
      // The input points aria-owns/aria-controls at `${id}_list`; give that id a real element.
      popupRender={(menu) => <div id={`${inputId}_list`}>{menu}</div>}
      aria-label={rest['aria-label']}
      style={{ minWidth: 240, ...style }}
      value={value ?? undefined}
      onChange={(v: number) => {
        setSearch('');
        onChange?.(v);
      }}
      placeholder={placeholder ?? t('org.select')}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: 0 }}
      treeData={treeData}
      loadData={search ? undefined : loadData}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false }}
      loading={hits.isFetching}
      popupMatchSelectWidth={false}
      treeNodeLabelProp="title"
    />
  );
}
