import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, InputNumber, Modal, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { useMl } from './ml-i18n';
import { MemberSearchSelect } from './pickers';

export function PartyPage() {
  const ml = useMl();
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [recommending, setRecommending] = useState<{ memberId: string; name: string } | null>(null);
  const [applying, setApplying] = useState(false);
  const [form] = Form.useForm();
  const candidates = useQuery({
    queryKey: ['ml-party', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/party/candidates', { params: { query: { orgId: orgId ?? undefined } } })),
  });
  const recs = useQuery({
    queryKey: ['ml-party-recs', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/party/recommendations', { params: { query: { orgId: orgId ?? undefined } } })),
  });
  const quota = new Map((candidates.data?.quotas ?? []).map((q) => [q.orgId, q]));
  const refresh = () => qc.invalidateQueries({ predicate: (x) => String(x.queryKey[0]).startsWith('ml-party') });

  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (applying)
        await ok(
          client.POST('/api/v1/members/{id}/party-application', { params: { path: { id: v.memberId } }, body: { appliedOn: v.date.format('YYYY-MM-DD') } }),
        );
      else if (recommending)
        await ok(
          client.POST('/api/v1/party/recommendations', {
            body: { memberId: recommending.memberId, meetingOn: v.date.format('YYYY-MM-DD'), voters: v.voters, present: v.present, yes: v.yes },
          }),
        );
      message.success(t('common.done'));
      setApplying(false);
      setRecommending(null);
      void refresh();
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    }
  };
  const h2 = (s: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{s}</h2>;

  return (
    <>
      <ErrorAlert error={candidates.error ?? recs.error} />
      <Card
        size="small"
        title={h2(ml('candidates'))}
        style={{ marginBottom: 16 }}
        extra={
          can('member.write') && (
            <Button
              onClick={() => {
                form.setFieldsValue({ date: dayjs() });
                setApplying(true);
              }}
            >
              {ml('recordApplication')}
            </Button>
          )
        }
      >
        <Table
          rowKey="memberId"
          size="small"
          dataSource={candidates.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: ml('member'), dataIndex: 'name' },
            { title: ml('branch'), dataIndex: 'orgName' },
            { title: ml('appliedOn'), dataIndex: 'appliedOn' },
            { title: ml('quota'), render: (_, r) => (quota.get(r.orgId) ? `${quota.get(r.orgId)?.used}/${quota.get(r.orgId)?.quota}` : '') },
            {
              title: ml('eligible'),
              render: (_, r) =>
                r.recommendedUntil ? (
                  <Tag color="green">
                    {ml('validUntil')} {r.recommendedUntil}
                  </Tag>
                ) : r.eligible ? (
                  <Tag color="blue">{ml('eligible')}</Tag>
                ) : (
                  <span>{r.problems.join('；')}</span>
                ),
            },
            {
              title: t('common.actions'),
              render: (_, r) =>
                r.eligible &&
                can('member.write') && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => {
                      const q = quota.get(r.orgId);
                      form.setFieldsValue({ date: dayjs(), voters: q?.active, present: q?.active, yes: q?.active });
                      setRecommending({ memberId: r.memberId, name: r.name });
                    }}
                  >
                    {ml('recommend')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={h2(ml('recommendations'))}>
        <Table
          rowKey="id"
          size="small"
          dataSource={recs.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: ml('member'), dataIndex: 'name' },
            { title: ml('branch'), dataIndex: 'orgName' },
            { title: ml('meetingOn'), dataIndex: 'meetingOn' },
            { title: `${ml('yes')}/${ml('present')}/${ml('voters')}`, render: (_, r) => `${r.yes}/${r.present}/${r.voters}` },
            { title: ml('validUntil'), dataIndex: 'validUntil' },
          ]}
        />
      </Card>
      <Modal
        open={applying || recommending !== null}
        title={applying ? ml('recordApplication') : `${ml('recommend')} ${recommending?.name ?? ''}`}
        onOk={() => void submit()}
        onCancel={() => {
          setApplying(false);
          setRecommending(null);
        }}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
      >
        <Form form={form} layout="vertical" name="party-action">
          {applying && (
            <Form.Item name="memberId" label={ml('member')} rules={[{ required: true }]}>
              <MemberSearchSelect aria-label={ml('member')} />
            </Form.Item>
          )}
          <Form.Item name="date" label={applying ? ml('appliedOn') : ml('meetingOn')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          {!applying && (
            <>
              <Form.Item name="voters" label={ml('voters')} rules={[{ required: true }]}>
                <InputNumber min={1} />
              </Form.Item>
              <Form.Item name="present" label={ml('present')} rules={[{ required: true }]}>
                <InputNumber min={0} />
              </Form.Item>
              <Form.Item name="yes" label={ml('yes')} rules={[{ required: true }]}>
                <InputNumber min={0} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
