import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { PageTitle } from '../../components/page-title';
import { STATUS_COLORS, useYvText } from './messages';
import { WishFields, type WishForm, wishBody } from './wish-fields';

type Modal = 'route' | 'answer' | 'reject' | 'act' | null;
type ActForm = { kind: 'case' | 'wish' | 'suggestion'; refId?: string; note?: string } & Partial<WishForm>;
const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** One question: route it, answer it, review and publish the answer, act on it (听-答-办). */
export function QuestionDetailPage() {
  const { id = '' } = useParams();
  const t = useYvText();
  const { t: tc } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const can = useCan();
  const [modal, setModal] = useState<Modal>(null);
  const [routeForm] = Form.useForm<{ orgId: number; expert?: string }>();
  const [answerForm] = Form.useForm<{ answer: string }>();
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const [actForm] = Form.useForm<ActForm>();
  const kind = Form.useWatch('kind', actForm);
  const q = useQuery({
    queryKey: ['yv-question', id],
    queryFn: () => ok(client.GET('/api/v1/youth-voice/questions/{id}', { params: { path: { id } } })),
  });
  const d = q.data;
  const write = can('service.write');
  const path = { params: { path: { id } } };

  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      message.success(tc('common.done'));
      await q.refetch();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const done = async () => {
    setModal(null);
    message.success(tc('common.done'));
    await q.refetch();
  };
  const open = d && (d.status === 'received' || d.status === 'routed');

  return (
    <>
      <Link to={{ pathname: '/youth-voice', search: location.search }}>
        <ArrowLeftOutlined /> {t('q.back')}
      </Link>
      <PageTitle
        extra={
          d &&
          write && (
            <Space wrap>
              {open && <Button onClick={() => setModal('route')}>{t('q.route')}</Button>}
              {(open || d.status === 'answered') && (
                <Button
                  type={d.status === 'answered' ? 'default' : 'primary'}
                  onClick={() => {
                    answerForm.setFieldsValue({ answer: d.answer ?? '' });
                    setModal('answer');
                  }}
                >
                  {t('q.doAnswer')}
                </Button>
              )}
              {d.needsReview && can('service.supervise') && (
                <>
                  <Button onClick={() => act(() => ok(client.POST('/api/v1/youth-voice/questions/{id}/review', { ...path, body: { decision: 'approve' } })))}>
                    {t('q.approve')}
                  </Button>
                  <Button onClick={() => act(() => ok(client.POST('/api/v1/youth-voice/questions/{id}/review', { ...path, body: { decision: 'return' } })))}>
                    {t('q.return')}
                  </Button>
                </>
              )}
              {d.status === 'answered' && (
                <Button type="primary" onClick={() => act(() => ok(client.POST('/api/v1/youth-voice/questions/{id}/publish', path)))}>
                  {t('q.publish')}
                </Button>
              )}
              {(d.status === 'answered' || d.status === 'published') && <Button onClick={() => setModal('act')}>{t('q.actOn')}</Button>}
              {open && (
                <Button danger onClick={() => setModal('reject')}>
                  {t('q.reject')}
                </Button>
              )}
            </Space>
          )
        }
      >
        {d?.title ?? t('q.title')}
      </PageTitle>
      <ErrorAlert error={q.error} />
      {d && (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={tc('common.status')}>
                <Tag color={STATUS_COLORS[d.status]}>{d.statusLabel}</Tag>
                {d.needsReview && <Tag color="#a8071a">{t('q.needsReview')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('q.category')}>{d.categoryLabel}</Descriptions.Item>
              <Descriptions.Item label={t('q.org')}>{d.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('q.expert')}>{d.expert ?? tc('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('q.asker')}>{d.anonymous ? t('q.anonymous') : (d.askerName ?? tc('common.none'))}</Descriptions.Item>
              <Descriptions.Item label={t('q.phone')}>{d.askerPhone ?? tc('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('q.asked')}>{time(d.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('q.publishedAt')}>{time(d.publishedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('q.content')} span={2}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{d.content}</div>
              </Descriptions.Item>
              {d.rejectReason && <Descriptions.Item label={t('q.rejectReason')}>{d.rejectReason}</Descriptions.Item>}
            </Descriptions>
          </Card>
          {d.answer && (
            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('q.answer')}</h2>} style={{ marginBottom: 16 }}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{d.answer}</div>
              <Descriptions column={{ xs: 1, md: 2 }} size="small" style={{ marginTop: 12 }}>
                <Descriptions.Item label={t('q.answeredAt')}>{time(d.answeredAt)}</Descriptions.Item>
                <Descriptions.Item label={t('q.flags')}>
                  {d.answerFlags.length
                    ? d.answerFlags.map((f) => (
                        <Tag key={f} color="#a8071a">
                          {f}
                        </Tag>
                      ))
                    : tc('common.none')}
                </Descriptions.Item>
                {d.reviewComment && <Descriptions.Item label={t('q.reviewComment')}>{d.reviewComment}</Descriptions.Item>}
              </Descriptions>
            </Card>
          )}
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('q.outcomes')}</h2>}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.outcomes ?? []}
              columns={[
                { key: 'kind', title: t('q.kind'), dataIndex: 'kindLabel' },
                {
                  key: 'ref',
                  title: t('q.refId'),
                  render: (_, o) => (o.kind === 'wish' ? <Link to={`/youth-voice/wishes/${o.refId}`}>{o.refId}</Link> : o.refId),
                },
                { key: 'note', title: t('q.note'), render: (_, o) => o.note ?? tc('common.none') },
                { key: 'at', title: t('q.asked'), render: (_, o) => time(o.createdAt) },
              ]}
            />
          </Card>
        </>
      )}
      <FormModal
        open={modal === 'route'}
        title={t('q.route')}
        form={routeForm}
        name="yv-route"
        onClose={() => setModal(null)}
        onSubmit={async (v) => {
          await ok(client.POST('/api/v1/youth-voice/questions/{id}/route', { ...path, body: { orgId: v.orgId, expert: v.expert || null } }));
          await done();
        }}
      >
        <Form.Item label={t('q.routeTo')} name="orgId" rules={[{ required: true }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item label={t('q.expert')} name="expert">
          <Input maxLength={50} />
        </Form.Item>
      </FormModal>
      <FormModal
        open={modal === 'answer'}
        title={t('q.doAnswer')}
        form={answerForm}
        name="yv-answer"
        onClose={() => setModal(null)}
        onSubmit={async (v) => {
          await ok(client.POST('/api/v1/youth-voice/questions/{id}/answer', { ...path, body: v }));
          await done();
        }}
      >
        <Form.Item label={t('q.answer')} name="answer" rules={[{ required: true }]}>
          <Input.TextArea rows={6} maxLength={4000} showCount />
        </Form.Item>
      </FormModal>
      <FormModal
        open={modal === 'reject'}
        title={t('q.reject')}
        form={rejectForm}
        name="yv-reject"
        onClose={() => setModal(null)}
        onSubmit={async (v) => {
          await ok(client.POST('/api/v1/youth-voice/questions/{id}/reject', { ...path, body: v }));
          await done();
        }}
      >
        <Form.Item label={t('q.rejectReason')} name="reason" rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
      <FormModal
        open={modal === 'act'}
        title={t('q.actOn')}
        form={actForm}
        name="yv-act"
        width={640}
        initialValues={{ kind: 'case' }}
        onClose={() => setModal(null)}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/youth-voice/questions/{id}/outcomes', {
              ...path,
              body:
                v.kind === 'wish'
                  ? { kind: 'wish', note: v.note || null, wish: wishBody(v as WishForm) }
                  : { kind: v.kind, refId: v.refId ?? '', note: v.note || null },
            }),
          );
          await done();
        }}
      >
        <Form.Item label={t('q.kind')} name="kind" rules={[{ required: true }]}>
          <Select options={(['case', 'wish', 'suggestion'] as const).map((k) => ({ value: k, label: t(`q.kind.${k}`) }))} />
        </Form.Item>
        {kind === 'wish' ? (
          <WishFields />
        ) : (
          <Form.Item label={t('q.refId')} name="refId" rules={[{ required: true }]}>
            <Input maxLength={64} />
          </Form.Item>
        )}
        <Form.Item label={t('q.note')} name="note">
          <Input maxLength={500} />
        </Form.Item>
      </FormModal>
    </>
  );
}
