import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';

export type SearchOption<V> = { value: V; label: string };

export type SearchSelectProps<T, V extends string | number> = {
  value?: V | null;
  onChange?: (v: V) => void;
  id?: string;
  'aria-label'?: string;
  placeholder?: string;
  style?: CSSProperties;
  disabled?: boolean;
  /** Cache key of the search; the typed text is appended. */
  queryKey: readonly unknown[];
  search: (q: string) => Promise<T[]>;
  toOption: (item: T) => SearchOption<V>;
  /** Also list (the first) items before anything is typed. */
  searchEmpty?: boolean;
  /** Pick one at a time: the box empties after each pick (e.g. adding people to a list). */
  clearOnPick?: boolean;
  /** Said when a typed search finds nothing (by default the list just stays empty). */
  notFound?: string;
};

/**
 * A select that asks the server as the user types, for fields that hold an id (a person, an
 * activity): people choose by name, never by typing an id. The picked label is kept so the
 * box still reads the name when the results change.
 */
export function SearchSelect<T, V extends string | number>(props: SearchSelectProps<T, V>) {
  const { value, onChange, id, placeholder, style, disabled, queryKey, search, toOption, searchEmpty, clearOnPick, notFound } = props;
  const [q, setQ] = useState('');
  // Controlled, as the roster picker was: the list opens as soon as the user types and closes on a pick.
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<SearchOption<V> | null>(null);
  const text = q.trim();
  const found = useQuery({
    queryKey: [...queryKey, text],
    enabled: !disabled && (text.length > 0 || (searchEmpty === true && open)),
    queryFn: () => search(text),
  });
  const options = (found.data ?? []).map(toOption);
  if (picked && picked.value === value && !options.some((o) => o.value === value)) options.unshift(picked);
  return (
    <Select<V>
      id={id}
      aria-label={props['aria-label']}
      showSearch={{
        filterOption: false,
        searchValue: clearOnPick ? q : undefined,
        onSearch: (v) => {
          setQ(v);
          setOpen(true);
        },
      }}
      open={open}
      onOpenChange={setOpen}
      value={clearOnPick ? null : (value ?? undefined)}
      onChange={(v) => {
        setOpen(false);
        if (clearOnPick) setQ('');
        else setPicked(options.find((o) => o.value === v) ?? null);
        onChange?.(v);
      }}
      placeholder={placeholder}
      disabled={disabled}
      loading={found.isFetching}
      notFoundContent={text && notFound ? notFound : null}
      options={options}
      style={{ width: '100%', ...style }}
    />
  );
}
