import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Input, Progress, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Res } from '../../api/types';
import { Can } from '../../app/auth';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { ContactModal, LogModal } from './forms';
import { useCw } from './messages';

type Contact = Res<'/api/v1/contact-work/my-book', 'get'>['items'][number];

/** A full number shown on request (each view is audited on the server). */
export function PhoneReveal({ id, masked }: { id: string; masked: string | null }) {
  const cw = useCw();
  const { message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);
  if (!masked) return null;
  if (full) return <a href={`tel:${full}`}>{full}</a>;
  return (
    <Space size={4}>
      <span>{masked}</span>
      <Can permission="service.write">
        <Button
          size="small"
          type="link"
          onClick={async () => {
            try {
              setFull((await ok(client.GET('/api/v1/contact-work/contacts/{id}/phone', { params: { path: { id } } }))).phone);
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          {cw('showPhone')}
        </Button>
      </Can>
    </Space>
  );
}

/** The signed-in cadre's book, searched by `q` (the page reads it unsearched to choose its first tab: one request). */
export function useMyBook(q = '') {
  return useQuery({
    queryKey: ['/api/v1/contact-work/my-book', q],
    queryFn: () => ok(client.GET('/api/v1/contact-work/my-book', { params: { query: { q: q || undefined } } })),
  });
}

/** The signed-in cadre's own contact book with this year's progress against the target. */
export function MyBookTab() {
  const cw = useCw();
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [logging, setLogging] = useState<Contact | null>(null);
  const book = useMyBook(q);
  const c = book.data?.cadre;
  if (book.data && !c) return <Empty description={cw('notCadre')} />;
  return (
    <>
      <ErrorAlert error={book.error} />
      {c && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space size="large" wrap>
            <Statistic title={cw('cadre')} value={`${c.name}（${c.orgName}）`} />
            <Statistic title={cw('book')} value={c.book} />
            <Statistic title={cw('contacted')} value={c.contacted} suffix={`/ ${c.target}`} />
            <Progress type="circle" size={72} percent={c.progress} aria-label={cw('progress')} />
          </Space>
        </Card>
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={cw('search')} aria-label={cw('search')} onSearch={setQ} style={{ width: 220 }} />
        <Can permission="service.write">
          <Button type="primary" onClick={() => setAdding(true)}>
            {cw('addContact')}
          </Button>
        </Can>
      </Space>
      <Table<Contact>
        rowKey="id"
        size="small"
        loading={book.isLoading}
        dataSource={book.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        columns={[
          { key: 'name', title: cw('name'), dataIndex: 'name', width: 100 },
          { key: 'phone', title: cw('phone'), render: (_, r) => <PhoneReveal id={r.id} masked={r.phone} />, width: 200 },
          { key: 'kind', title: cw('kind'), dataIndex: 'kindLabel', width: 120 },
          { key: 'occupation', title: cw('occupation'), dataIndex: 'occupation', width: 120 },
          { key: 'org', title: cw('org'), dataIndex: 'orgName' },
          { key: 'logs', title: cw('logs'), dataIndex: 'logs', width: 90 },
          { key: 'last', title: cw('lastContact'), dataIndex: 'lastContactedOn', width: 110 },
          {
            key: 'act',
            title: '',
            width: 110,
            render: (_, r) => (
              <Can permission="service.write">
                <Button size="small" onClick={() => setLogging(r)}>
                  {cw('logContact')}
                </Button>
              </Can>
            ),
          },
        ]}
      />
      <ContactModal open={adding} onClose={() => setAdding(false)} />
      <LogModal contact={logging} onClose={() => setLogging(null)} />
    </>
  );
}
