import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Steps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import { Can } from '../../app/auth';
import { ErrorAlert } from '../../components/api-error';
import { FormModal } from '../../components/form-modal';
import { PageTitle } from '../../components/page-title';
import { useRefresh } from './forms';
import { useCw } from './messages';
import { useSuggestionMeta } from './suggestions-page';

type StepValues = { on: Dayjs; assigneeId?: string; dueOn?: Dayjs; answer?: string; satisfaction?: string; comment?: string };

/** One suggestion: what was said, each dated step, and the actions its state allows. */
export function SuggestionDetailPage() {
  const cw = useCw();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const refresh = useRefresh();
  const [action, setAction] = useState<{ value: string; label: string } | null>(null);
  const [form] = Form.useForm<StepValues>();
  const meta = useSuggestionMeta().data;
  const q = useQuery({
    queryKey: ['/api/v1/contact-work/suggestions/{id}', id],
    queryFn: () => ok(client.GET('/api/v1/contact-work/suggestions/{id}', { params: { path: { id } } })),
  });
  const assignees = useQuery({
    queryKey: ['cw-assignees', id],
    enabled: action?.value === 'assign',
    queryFn: () => ok(client.GET('/api/v1/contact-work/suggestions/{id}/assignees', { params: { path: { id } } })),
  });
  const s = q.data?.suggestion;
  return (
    <>
      <PageTitle extra={<Link to="/contact-work/suggestions">{cw('sg.title')}</Link>}>{s ? s.title : cw('sg.detail')}</PageTitle>
      <ErrorAlert error={q.error} />
      {s && (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={cw('org')}>{s.orgName}</Descriptions.Item>
              <Descriptions.Item label={cw('state')}>{s.stateLabel}</Descriptions.Item>
              <Descriptions.Item label={cw('sg.source')}>
                {s.sourceLabel}
                {s.sourceRef ? `（${s.sourceRef}）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={cw('sg.submitter')}>{s.submitter}</Descriptions.Item>
              <Descriptions.Item label={cw('sg.receivedOn')}>{s.receivedOn}</Descriptions.Item>
              <Descriptions.Item label={cw('sg.assignee')}>{s.assigneeName}</Descriptions.Item>
              <Descriptions.Item label={cw('sg.dueOn')}>{s.dueOn}</Descriptions.Item>
              <Descriptions.Item label={cw('sg.followUpDue')}>{s.followUpDueOn}</Descriptions.Item>
              <Descriptions.Item label={cw('sg.content')} span={2}>
                {s.content}
              </Descriptions.Item>
              <Descriptions.Item label={cw('sg.answer')} span={2}>
                {s.answer}
              </Descriptions.Item>
              <Descriptions.Item label={cw('sg.satisfaction')}>{s.satisfactionLabel}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Can permission="service.write">
            <Space style={{ marginBottom: 12 }} wrap>
              {s.actions.map((a) => (
                <Button key={a.value} type={a.value === 'void' ? 'default' : 'primary'} danger={a.value === 'void'} onClick={() => setAction(a)}>
                  {a.label}
                </Button>
              ))}
            </Space>
          </Can>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{cw('sg.history')}</h2>}>
            <Steps
              direction="vertical"
              size="small"
              current={(q.data?.history.length ?? 1) - 1}
              items={(q.data?.history ?? []).map((h) => ({
                title: `${h.actionLabel} ${h.occurredOn ?? ''}`,
                description: [h.actor, h.comment].filter(Boolean).join(' · '),
              }))}
            />
          </Card>
        </>
      )}
      <FormModal<StepValues>
        open={action !== null}
        title={action?.label ?? ''}
        form={form}
        name="cw-suggestion-step"
        onClose={() => setAction(null)}
        initialValues={{ on: dayjs() }}
        onSubmit={async (v) => {
          if (!action) return;
          await ok(
            client.POST('/api/v1/contact-work/suggestions/{id}/steps', {
              params: { path: { id } },
              body: {
                action: action.value as 'assign',
                on: v.on.format('YYYY-MM-DD'),
                assigneeId: v.assigneeId ?? null,
                dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null,
                answer: v.answer || null,
                satisfaction: (v.satisfaction as 'satisfied' | undefined) ?? null,
                comment: v.comment || null,
              },
            }),
          );
          message.success(cw('saved'));
          form.resetFields();
          setAction(null);
          void q.refetch();
          void refresh();
        }}
      >
        <Form.Item name="on" label={cw('on')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {action?.value === 'assign' && (
          <>
            <Form.Item name="assigneeId" label={cw('sg.assignee')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={assignees.isLoading}
                aria-label={cw('sg.assignee')}
                options={(assignees.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.displayName}（${a.username}）` }))}
              />
            </Form.Item>
            <Form.Item name="dueOn" label={cw('sg.dueOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {(action?.value === 'resolve' || action?.value === 'explain') && (
          <Form.Item name="answer" label={cw('sg.answer')} rules={[{ required: true, max: 5000 }]}>
            <Input.TextArea maxLength={5000} rows={4} />
          </Form.Item>
        )}
        {action?.value === 'follow_up' && (
          <Form.Item name="satisfaction" label={cw('sg.satisfaction')} rules={[{ required: true }]}>
            <Select options={meta?.satisfactions} aria-label={cw('sg.satisfaction')} />
          </Form.Item>
        )}
        <Form.Item name="comment" label={cw('comment')}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
      </FormModal>
    </>
  );
}
