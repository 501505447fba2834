import { AutoComplete, Button, Input, Spin, Tree, type TreeDataNode } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type Key, useCallback, useEffect, useRef, useState } from 'react';
import { client, ok } from '../../api/client';
import type { Org } from '../../api/types';
import { useI18n } from '../../app/i18n';
import { useRoots } from '../../app/scope';
import { useOrgText } from './messages';

type Loaded = { items: Org[]; next: string | null };

type Props = { selectedId: number | null; onSelect: (id: number) => void; version: number };

/** The org tree with children loaded on expand, 50 at a time, plus a server-side search. */
export function OrgTree({ selectedId, onSelect, version }: Props) {
  const t = useOrgText();
  const { t: app } = useI18n();
  const roots = useRoots();
  const qc = useQueryClient();
  const [loaded, setLoaded] = useState<Map<number, Loaded>>(new Map());
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<Key[]>([]);
  const [q, setQ] = useState('');

  const fetchPage = useCallback(async (parentId: number, cursor: string | null) => {
    const page = await ok(
      client.GET('/api/v1/orgs/{id}/children', { params: { path: { id: String(parentId) }, query: { limit: 50, cursor: cursor ?? undefined } } }),
    );
    setLoaded((prev) => {
      const next = new Map(prev);
      const before = cursor ? (prev.get(parentId)?.items ?? []) : [];
      next.set(parentId, { items: [...before, ...page.items], next: page.nextCursor });
      return next;
    });
  }, []);

  // After an edit elsewhere, reload every branch already open so the tree shows the change.
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  useEffect(() => {
    if (version === 0) return;
    qc.invalidateQueries({ queryKey: ['orgs', 'roots'] });
    for (const id of loadedRef.current.keys()) fetchPage(id, null).catch(() => {});
  }, [version, fetchPage, qc]);

  const search = useQuery({
    queryKey: ['orgs', 'search', q],
    queryFn: () => ok(client.GET('/api/v1/orgs/search', { params: { query: { q, limit: 20 } } })),
    enabled: q.trim().length > 0,
  });

  const build = (orgs: Org[]): TreeDataNode[] =>
    orgs.map((o) => {
      const page = loaded.get(o.id);
      const children = page ? build(page.items) : undefined;
      if (page?.next) {
        children?.push({
          key: `more-${o.id}`,
          isLeaf: true,
          selectable: false,
          title: (
            <Button size="small" type="link" onClick={() => fetchPage(o.id, page.next)}>
              {app('common.loadMore')}
            </Button>
          ),
        });
      }
      return {
        key: o.id,
        title: o.status === 'active' ? o.name : `${o.name}（${t(`status.${o.status}`)}）`,
        isLeaf: o.childCount === 0,
        children,
      };
    });

  return (
    <div>
      <AutoComplete
        style={{ width: '100%', marginBottom: 12 }}
        value={q}
        onSearch={setQ}
        onChange={setQ}
        onSelect={(v: string) => {
          setQ('');
          onSelect(Number(v));
        }}
        options={(search.data?.items ?? []).map((h) => ({
          value: String(h.id),
          label: (
            <div>
              <div>{h.name}</div>
              <div style={{ fontSize: 12, color: '#595959' }}>{h.pathNames}</div>
            </div>
          ),
        }))}
      >
        <Input.Search aria-label={t('search')} placeholder={t('searchPlaceholder')} loading={search.isFetching} />
      </AutoComplete>
      {roots.isLoading ? (
        <Spin />
      ) : (
        <Tree
          blockNode
          height={640}
          showLine
          treeData={build(roots.data?.items ?? [])}
          selectedKeys={selectedId ? [selectedId] : []}
          expandedKeys={expanded}
          onExpand={setExpanded}
          loadedKeys={loadedKeys}
          onLoad={setLoadedKeys}
          loadData={(node) => fetchPage(Number(node.key), null)}
          onSelect={(keys) => {
            if (keys.length) onSelect(Number(keys[0]));
          }}
        />
      )}
    </div>
  );
}
