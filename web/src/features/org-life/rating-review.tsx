import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { Rating } from '../../api/types';
import { useCan } from '../../app/auth';
import { useScope } from '../../app/scope';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { LoadMore } from '../../components/load-more';
import { useOl } from './ol-i18n';

/** Ratings below the caller, with the grade quotas of the unit and approve / return. */
export function RatingReview() {
  const ol = useOl();
  const can = useCan();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear - 1);
  const [state, setState] = useState<Rating['state'] | undefined>('submitted');
  const [returning, setReturning] = useState<Rating | null>(null);
  const [form] = Form.useForm<{ comment: string }>();
  const query = { orgId: orgId ?? undefined, year, state };
  const q = useInfiniteQuery({
    queryKey: ['ratings', 'review', query],
    enabled: orgId !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) => ok(client.GET('/api/v1/ratings', { params: { query: { ...query, cursor: pageParam || undefined, limit: 50 } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const quotas = q.data?.pages[0]?.quotas ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: ['ratings'] });

  const review = async (r: Rating, action: 'approve' | 'return', comment?: string) => {
    try {
      await ok(client.POST('/api/v1/ratings/{id}/review', { params: { path: { id: r.id } }, body: { action, comment: comment ?? null } }));
      setReturning(null);
      form.resetFields();
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={ol('rt.year')}
          value={year}
          onChange={setYear}
          style={{ width: 110 }}
          options={[0, 1, 2].map((k) => ({ value: thisYear - k, label: String(thisYear - k) }))}
        />
        <Select
          aria-label={ol('rt.state')}
          allowClear
          placeholder={ol('ol.all')}
          value={state}
          onChange={setState}
          style={{ width: 140 }}
          options={(['submitted', 'approved', 'returned', 'draft'] as const).map((value) => ({ value, label: ol(`rt.state.${value}`) }))}
        />
      </Space>
      {quotas.map((x) => (
        <Alert
          key={x.grade}
          style={{ marginBottom: 8 }}
          type={x.used >= x.limit ? 'warning' : 'info'}
          title={ol('rt.quota', { unit: x.unitName, grade: x.gradeLabel, used: x.used, limit: x.limit, percent: x.percent, branches: x.branches })}
        />
      ))}
      <ErrorAlert error={q.error} />
      <Table<Rating>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { key: 'org', title: ol('ol.branch'), dataIndex: 'orgName' },
          { key: 'year', title: ol('rt.year'), dataIndex: 'year', width: 70 },
          { key: 'state', title: ol('rt.state'), width: 110, render: (_, r) => <Tag>{r.stateLabel}</Tag> },
          { key: 'self', title: ol('rt.selfScore'), width: 130, render: (_, r) => `${r.selfScore}（${r.selfGradeLabel}）` },
          { key: 'final', title: ol('rt.finalScore'), width: 130, render: (_, r) => (r.finalScore === null ? '—' : `${r.finalScore}（${r.finalGradeLabel}）`) },
          {
            key: 'act',
            title: '',
            width: 160,
            render: (_, r) =>
              r.state === 'submitted' && can('member.approve') ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => void review(r, 'approve')}>
                    {ol('rt.approve')}
                  </Button>
                  <Button size="small" onClick={() => setReturning(r)}>
                    {ol('rt.return')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <LoadMore hasMore={!!q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
      <Modal
        title={ol('rt.return')}
        open={returning !== null}
        onCancel={() => setReturning(null)}
        onOk={async () => {
          const v = await form.validateFields();
          if (returning) await review(returning, 'return', v.comment);
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="comment" label={ol('rt.comment')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
