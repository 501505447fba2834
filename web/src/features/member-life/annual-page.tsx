import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Progress, Radio, Row, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { ReviewSummary } from '../../api/types';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { useMl } from './ml-i18n';
import { ReviewDetailModal, ReviewProposeModal, useRv } from './review-modal';
import { StudyEpisodeSelect } from './study-episode-select';

type Task = 'registration' | 'review' | 'dues' | 'study';

/** Who has not registered / been reviewed / paid, completion by branch, one-click reminders; reviews to approve. */
export function AnnualPage() {
  const ml = useMl();
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [task, setTask] = useState<Task>('registration');
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [episodeId, setEpisodeId] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [deferring, setDeferring] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const rv = useRv();
  const [proposing, setProposing] = useState(false);
  const [viewing, setViewing] = useState<string | null>(null);
  const [form] = Form.useForm();

  const todo = useQuery({
    queryKey: ['ml-todo', task, year, orgId, task === 'study' ? episodeId : null],
    enabled: orgId !== null,
    queryFn: () =>
      ok(
        client.GET('/api/v1/todo', {
          params: { query: { task, year, orgId: orgId ?? undefined, limit: 500, episodeId: task === 'study' && episodeId ? episodeId : undefined } },
        }),
      ),
  });
  const reviews = useQuery({
    queryKey: ['ml-reviews', year, orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/reviews', { params: { query: { year, orgId: orgId ?? undefined } } })),
  });
  const refresh = () => qc.invalidateQueries({ predicate: (x) => String(x.queryKey[0]).startsWith('ml-') });

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setSelected([]);
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const remind = () =>
    run(async () => {
      const res = await ok(
        client.POST('/api/v1/reminders/bulk', {
          body: { kind: task, memberIds: selected.length ? selected : (todo.data?.items ?? []).map((i) => i.memberId) },
        }),
      );
      message.success(ml('remindedCount', { n: res.created }));
    });
  const register = () =>
    run(async () => {
      const res = await ok(client.POST('/api/v1/registrations/bulk', { body: { memberIds: selected, year } }));
      const failed = res.results.filter((r) => !r.ok);
      message.info(ml('bulkResult', { ok: res.results.length - failed.length, fail: failed.length }));
      for (const f of failed.slice(0, 3)) message.error(f.message ?? '');
    });
  const submitDefer = async () => {
    const v = await form.validateFields();
    try {
      if (deferring === null) return;
      await ok(client.POST('/api/v1/registrations/defer', { body: { memberId: deferring, year, months: v.months, reason: v.reason } }));
      setDeferring(null);
      void refresh();
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    }
  };
  const submitReject = async () => {
    const v = await form.validateFields();
    if (rejecting === null) return;
    await run(() => ok(client.POST('/api/v1/reviews/{id}/reject', { params: { path: { id: rejecting } }, body: { reason: v.reason } })));
    setRejecting(null);
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group
          aria-label={ml('task')}
          optionType="button"
          value={task}
          onChange={(e) => {
            setTask(e.target.value);
            setSelected([]);
          }}
          options={(['registration', 'review', 'dues', 'study'] as const).map((k) => ({ value: k, label: ml(`task.${k}`) }))}
        />
        {task === 'study' ? (
          <StudyEpisodeSelect orgId={orgId} value={episodeId} onChange={setEpisodeId} />
        ) : (
          <InputNumber aria-label={ml('year')} value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} prefix={ml('year')} />
        )}
      </Space>
      <ErrorAlert error={todo.error ?? reviews.error} />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('notDone')}</h2>}
            extra={
              can('member.write') && (
                <Space>
                  {task === 'registration' && (
                    <Button disabled={!selected.length} onClick={() => void register()}>
                      {ml('registerSelected')}
                    </Button>
                  )}
                  <Button type="primary" disabled={!todo.data?.items.length} onClick={() => void remind()}>
                    {ml('remindAll')}
                  </Button>
                </Space>
              )
            }
          >
            <Table
              rowKey="memberId"
              size="small"
              loading={todo.isPending && orgId !== null}
              dataSource={todo.data?.items ?? []}
              pagination={{ pageSize: 20 }}
              rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (r) => ({ 'aria-label': r.name }) }}
              columns={[
                { title: ml('member'), dataIndex: 'name' },
                { title: ml('branch'), dataIndex: 'orgName' },
                { title: ml('reminded'), render: (_, r) => (r.reminded ? <Tag color="blue">{ml('reminded')}</Tag> : null) },
                ...(task === 'registration' && can('member.write')
                  ? [
                      {
                        title: t('common.actions'),
                        render: (_: unknown, r: { memberId: string }) => (
                          <Button size="small" type="link" onClick={() => setDeferring(r.memberId)}>
                            {ml('defer')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('completion')}</h2>}>
            <Table
              rowKey="orgId"
              size="small"
              dataSource={todo.data?.branches ?? []}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: ml('branch'), dataIndex: 'orgName' },
                { title: ml('members'), dataIndex: 'members' },
                { title: ml('done'), dataIndex: 'done' },
                { title: ml('rate'), render: (_, b) => <Progress percent={b.rate} size="small" aria-label={`${b.orgName} ${b.rate}%`} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        style={{ marginTop: 16 }}
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('reviews')}</h2>}
        extra={
          can('member.write') && (
            <Button type="primary" onClick={() => setProposing(true)}>
              {rv('propose')}
            </Button>
          )
        }
      >
        <Table<ReviewSummary>
          rowKey="id"
          size="small"
          dataSource={reviews.data?.items ?? []}
          pagination={false}
          columns={[
            { title: ml('branch'), dataIndex: 'orgName' },
            { title: ml('heldOn'), dataIndex: 'heldOn' },
            { title: `${ml('attended')}/${ml('expected')}`, render: (_, r) => `${r.attended}/${r.expected}` },
            { title: ml('reviewed'), dataIndex: 'reviewed' },
            { title: ml('grade.excellent'), dataIndex: 'excellent' },
            { title: ml('grade.qualified'), dataIndex: 'qualified' },
            { title: ml('grade.basic'), dataIndex: 'basic' },
            { title: ml('grade.unqualified'), dataIndex: 'unqualified' },
            { title: t('common.status'), render: (_, r) => <Tag>{r.statusLabel}</Tag> },
            {
              title: t('common.actions'),
              render: (_, r) => (
                <Space>
                  <Button size="small" type="link" onClick={() => setViewing(r.id)}>
                    {t('common.details')}
                  </Button>
                  {r.status === 'proposed' && can('member.approve') && (
                    <>
                      <Button
                        size="small"
                        type="link"
                        onClick={() => void run(() => ok(client.POST('/api/v1/reviews/{id}/approve', { params: { path: { id: r.id } }, body: {} })))}
                      >
                        {rv('approve')}
                      </Button>
                      <Button size="small" type="link" danger onClick={() => setRejecting(r.id)}>
                        {ml('reject')}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReviewProposeModal
        open={proposing}
        year={year}
        onClose={() => setProposing(false)}
        onDone={() => {
          setProposing(false);
          void refresh();
        }}
      />
      <ReviewDetailModal id={viewing} onClose={() => setViewing(null)} />
      <Modal
        open={deferring !== null || rejecting !== null}
        title={deferring ? ml('defer') : ml('reject')}
        onOk={() => void (deferring ? submitDefer() : submitReject())}
        onCancel={() => {
          setDeferring(null);
          setRejecting(null);
        }}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="annual-modal" initialValues={{ months: 3 }}>
          {deferring && (
            <Form.Item name="months" label={ml('months')} rules={[{ required: true }]}>
              <InputNumber min={3} max={6} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
