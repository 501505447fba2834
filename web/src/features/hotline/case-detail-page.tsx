import { ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, List, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
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
import { CHANNELS, FORMS, labelOf, OUTCOMES, options, RISK_COLORS, RISKS, STATUS_COLORS, STATUSES, useHotlineText } from './messages';

type Action = 'assign' | 'transfer' | 'refer' | 'confirm' | 'escalate' | 'safety' | 'session' | 'pause' | 'close' | null;
type Values = Record<string, string | number | Dayjs | null | undefined>;
const time = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
const today = () => dayjs().format('YYYY-MM-DD');

/** The survey link as the caller opens it on the phone. */
const surveyUrl = (token: string) => `${window.location.origin}/m/hotline/survey/${token}`;

function SealedNotes({ id }: { id: string }) {
  const t = useHotlineText();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const notes = useQuery({
    queryKey: ['hotline-notes', id],
    enabled: open,
    retry: false,
    queryFn: () => ok(client.GET('/api/v1/hotline/cases/{id}/notes', { params: { path: { id } } })),
  });
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('c.notes')}</h2>} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">
        <LockOutlined /> {t('c.notesSealed')}
      </Typography.Paragraph>
      {!open ? (
        <Button onClick={() => setOpen(true)}>{t('c.showNotes')}</Button>
      ) : (
        <>
          <ErrorAlert error={notes.error} />
          {notes.data && (
            <>
              <List
                size="small"
                dataSource={notes.data.items}
                renderItem={(n) => (
                  <List.Item>
                    <List.Item.Meta
                      title={`${time(n.createdAt)} · ${n.authorName ?? ''}`}
                      description={<span style={{ whiteSpace: 'pre-wrap' }}>{n.body}</span>}
                    />
                  </List.Item>
                )}
              />
              <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={5000} aria-label={t('c.addNote')} />
                <Button
                  type="primary"
                  disabled={!text.trim()}
                  onClick={async () => {
                    try {
                      await ok(client.POST('/api/v1/hotline/cases/{id}/notes', { params: { path: { id } }, body: { text } }));
                      setText('');
                      await notes.refetch();
                    } catch (e) {
                      message.error(errorMessage(e));
                    }
                  }}
                >
                  {t('c.addNote')}
                </Button>
              </Space.Compact>
            </>
          )}
        </>
      )}
    </Card>
  );
}

/** One 12355 case: its facts (caller masked), sessions, referrals, history, sealed notes, and the workflow actions. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const t = useHotlineText();
  const { t: tc, lang } = useI18n();
  const { message, modal: confirm } = App.useApp();
  const location = useLocation();
  const can = useCan();
  const [action, setAction] = useState<Action>(null);
  const [confirmRef, setConfirmRef] = useState<string | null>(null);
  const [survey, setSurvey] = useState<string | null>(null);
  const [caller, setCaller] = useState<{ name: string | null; phone: string | null } | null>(null);
  const [form] = Form.useForm<Values>();
  const path = { params: { path: { id } } };
  const q = useQuery({ queryKey: ['hotline-case', id], queryFn: () => ok(client.GET('/api/v1/hotline/cases/{id}', path)) });
  const opts = useQuery({ queryKey: ['hotline-case-options', id], queryFn: () => ok(client.GET('/api/v1/hotline/cases/{id}/options', path)) });
  const d = q.data?.case;
  const write = can('service.write');
  const open = d && d.status !== 'closed';

  const run = async (call: () => Promise<unknown>) => {
    try {
      await call();
      message.success(tc('common.done'));
      await q.refetch();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const submit = async (v: Values) => {
    const s = (k: string) => (v[k] === undefined || v[k] === null || v[k] === '' ? undefined : String(v[k]));
    const day = (k: string) => (v[k] ? (v[k] as Dayjs).format('YYYY-MM-DD') : today());
    switch (action) {
      case 'assign':
        await ok(client.POST('/api/v1/hotline/cases/{id}/assign', { ...path, body: { counsellorId: s('counsellorId') ?? '' } }));
        break;
      case 'transfer':
        await ok(client.POST('/api/v1/hotline/cases/{id}/transfer', { ...path, body: { orgId: Number(v.orgId), reason: s('reason') ?? '' } }));
        break;
      case 'refer':
        await ok(
          client.POST('/api/v1/hotline/cases/{id}/referrals', {
            ...path,
            body: {
              agency: (s('agency') ?? 'other') as '110',
              receivingParty: s('receivingParty') ?? '',
              referredOn: day('referredOn'),
              receipt: s('receipt') ?? null,
            },
          }),
        );
        break;
      case 'confirm':
        await ok(
          client.POST('/api/v1/hotline/cases/{id}/referrals/{referralId}/confirm', {
            params: { path: { id, referralId: confirmRef ?? '' } },
            body: { confirmedOn: day('confirmedOn'), receipt: s('receipt') ?? null, confirmation: s('confirmation') ?? null },
          }),
        );
        break;
      case 'escalate':
        await ok(
          client.POST('/api/v1/hotline/cases/{id}/escalate', {
            ...path,
            body: { supervisorId: s('supervisorId') ?? '', reason: s('reason') ?? '', safetyPlan: s('safetyPlan') ?? null },
          }),
        );
        break;
      case 'safety':
        await ok(client.POST('/api/v1/hotline/cases/{id}/safety-plan', { ...path, body: { safetyPlan: s('safetyPlan') ?? '' } }));
        break;
      case 'session':
        await ok(
          client.POST('/api/v1/hotline/cases/{id}/sessions', {
            ...path,
            body: {
              kind: (s('kind') ?? 'session') as 'session',
              heldAt: (v.heldAt ? (v.heldAt as Dayjs) : dayjs()).toISOString(),
              minutes: Number(v.minutes ?? 30),
              form: (s('form') ?? 'phone') as 'phone',
              summary: s('summary') ?? '',
              counsellorId: s('counsellorId') ?? null,
            },
          }),
        );
        break;
      case 'pause':
        await ok(client.POST('/api/v1/hotline/cases/{id}/pause', { ...path, body: { reason: s('reason') ?? '' } }));
        break;
      case 'close': {
        const res = await ok(
          client.POST('/api/v1/hotline/cases/{id}/close', {
            ...path,
            body: { outcome: (s('outcome') ?? 'resolved') as 'resolved', summary: s('summary') ?? '' },
          }),
        );
        setSurvey(res.surveyToken);
        break;
      }
      default:
        return;
    }
    setAction(null);
    setConfirmRef(null);
    message.success(tc('common.done'));
    await q.refetch();
  };
  const start = (a: Action, values: Values = {}) => {
    form.resetFields();
    form.setFieldsValue(values);
    setAction(a);
  };
  const titles: Record<Exclude<Action, null>, string> = {
    assign: t('c.assign'),
    transfer: t('c.transfer'),
    refer: t('c.refer'),
    confirm: t('c.confirm'),
    escalate: t('c.escalate'),
    safety: t('c.safetyPlan'),
    session: t('c.session'),
    pause: t('c.pause'),
    close: t('c.close'),
  };
  const pending = q.data?.referrals.find((r) => r.status === 'pending');

  return (
    <>
      <Link to={{ pathname: '/hotline/cases', search: location.search }}>
        <ArrowLeftOutlined /> {t('c.back')}
      </Link>
      <PageTitle
        extra={
          d &&
          open &&
          write && (
            <Space wrap>
              {d.status !== 'referred' && <Button onClick={() => start('assign', { counsellorId: d.counsellorId ?? undefined })}>{t('c.assign')}</Button>}
              <Button onClick={() => start('session', { kind: 'session', form: 'phone', minutes: 30 })}>{t('c.session')}</Button>
              <Button onClick={() => start('session', { kind: 'follow_up', form: 'phone', minutes: 20 })}>{t('c.followUp')}</Button>
              <Button danger={d.risk === 'high' || d.risk === 'critical'} onClick={() => start('escalate')}>
                {t('c.escalate')}
              </Button>
              <Button onClick={() => start('safety', { safetyPlan: d.safetyPlan ?? '' })}>{t('c.safetyPlan')}</Button>
              {(d.status === 'new' || d.status === 'active') && <Button onClick={() => start('transfer')}>{t('c.transfer')}</Button>}
              {d.status !== 'referred' && <Button onClick={() => start('refer', { agency: '12348' })}>{t('c.refer')}</Button>}
              {pending && (
                <Button
                  onClick={() => {
                    setConfirmRef(pending.id);
                    start('confirm', { receipt: pending.receipt ?? undefined });
                  }}
                >
                  {t('c.confirm')}
                </Button>
              )}
              {(d.status === 'new' || d.status === 'active') && <Button onClick={() => start('pause')}>{t('c.pause')}</Button>}
              {d.status === 'waiting' && (
                <Button onClick={() => run(() => ok(client.POST('/api/v1/hotline/cases/{id}/resume', { ...path, body: {} })))}>{t('c.resume')}</Button>
              )}
              {d.status !== 'referred' && (
                <Button type="primary" onClick={() => start('close', { outcome: 'resolved' })}>
                  {t('c.close')}
                </Button>
              )}
            </Space>
          )
        }
      >
        {d ? `${d.number} · ${d.category}` : t('c.title')}
      </PageTitle>
      <ErrorAlert error={q.error} />
      {survey && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setSurvey(null)}
          title={t('c.surveyLink')}
          description={
            <>
              {t('c.surveyShown')} <Typography.Text copyable>{surveyUrl(survey)}</Typography.Text>
            </>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {d && (
        <>
          {(d.risk === 'high' || d.risk === 'critical') && open && !d.escalatedAt && (
            <Alert type="error" showIcon title={t('c.escalate')} style={{ marginBottom: 16 }} />
          )}
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 3 }} size="small">
              <Descriptions.Item label={tc('common.status')}>
                <Space size={4}>
                  <Tag color={STATUS_COLORS[d.status]}>{labelOf(STATUSES, d.status, lang)}</Tag>
                  {d.breached && <Tag color="#a8071a">{t('c.breached')}</Tag>}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('c.risk')}>
                <Tag color={RISK_COLORS[d.risk]}>{labelOf(RISKS, d.risk, lang)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('c.channel')}>{labelOf(CHANNELS, d.channel, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('c.category')}>{d.subcategory ? `${d.category} · ${d.subcategory}` : d.category}</Descriptions.Item>
              <Descriptions.Item label={t('c.org')}>{d.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('c.received')}>{time(d.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('c.caller')}>
                <Space size={4} wrap>
                  {d.anonymous ? t('c.anonymous') : caller ? `${caller.name ?? ''} ${caller.phone ?? ''}` : `${d.callerName ?? ''} ${d.callerPhone ?? ''}`}
                  {d.callerMinor && <Tag color="#874d00">{t('c.minor')}</Tag>}
                  {!d.anonymous && !caller && opts.data?.handler && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() =>
                        confirm.confirm({
                          title: t('c.callerViewed'),
                          onOk: () => run(async () => setCaller(await ok(client.GET('/api/v1/hotline/cases/{id}/caller', path)))),
                        })
                      }
                    >
                      {t('c.showCaller')}
                    </Button>
                  )}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('c.firstDue')}>{time(d.firstResponseDueAt)}</Descriptions.Item>
              <Descriptions.Item label={t('c.due')}>{time(d.resolutionDueAt)}</Descriptions.Item>
              <Descriptions.Item label={t('c.counsellor')}>{opts.data?.counsellors.find((c) => c.id === d.counsellorId)?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('c.escalatedTo')}>
                {d.escalatedAt ? `${opts.data?.supervisors.find((s) => s.id === d.supervisorId)?.displayName ?? ''} ${time(d.escalatedAt)}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('c.followUpDue')}>{time(d.followUpDueAt)}</Descriptions.Item>
              <Descriptions.Item label={t('c.followedUp')}>{time(d.followedUpAt)}</Descriptions.Item>
              {d.outcome && <Descriptions.Item label={t('c.outcome')}>{labelOf(OUTCOMES, d.outcome, lang)}</Descriptions.Item>}
              {d.resolutionMet !== null && <Descriptions.Item label={t('c.resolutionMet')}>{d.resolutionMet ? t('c.yes') : t('c.no')}</Descriptions.Item>}
              {d.satisfaction !== null && <Descriptions.Item label={t('c.satisfaction')}>{`${d.satisfaction} / 5`}</Descriptions.Item>}
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>{d.summary}</Typography.Paragraph>
            {d.safetyPlan && <Alert type="info" title={t('c.safetyPlan')} description={<span style={{ whiteSpace: 'pre-wrap' }}>{d.safetyPlan}</span>} />}
            {d.status === 'closed' && write && d.satisfaction === null && (
              <Button
                style={{ marginTop: 8 }}
                onClick={() => run(async () => setSurvey((await ok(client.POST('/api/v1/hotline/cases/{id}/survey-link', path))).surveyToken))}
              >
                {t('c.newSurveyLink')}
              </Button>
            )}
          </Card>
          <SealedNotes id={id} />
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('c.sessions')}</h2>} style={{ marginBottom: 16 }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={q.data?.sessions ?? []}
              columns={[
                { key: 'heldAt', title: t('c.heldAt'), render: (_, r) => time(r.heldAt) },
                { key: 'kind', title: t('c.kind'), render: (_, r) => (r.kind === 'follow_up' ? t('c.followUp') : t('c.session')) },
                { key: 'form', title: t('c.form'), render: (_, r) => labelOf(FORMS, r.form, lang) },
                { key: 'minutes', title: t('c.minutes'), dataIndex: 'minutes' },
                { key: 'summary', title: t('c.summary'), dataIndex: 'summary' },
              ]}
            />
          </Card>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('c.referrals')}</h2>} style={{ marginBottom: 16 }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={q.data?.referrals ?? []}
              columns={[
                { key: 'agency', title: t('c.agency'), dataIndex: 'agency' },
                { key: 'party', title: t('c.receivingParty'), dataIndex: 'receivingParty' },
                { key: 'on', title: t('c.referredOn'), dataIndex: 'referredOn' },
                { key: 'receipt', title: t('c.receipt'), render: (_, r) => r.receipt ?? '—' },
                { key: 'status', title: tc('common.status'), render: (_, r) => <Tag color={r.status === 'pending' ? '#874d00' : '#237804'}>{r.status}</Tag> },
                { key: 'confirmed', title: t('c.confirmedOn'), render: (_, r) => r.confirmedOn ?? '—' },
              ]}
            />
          </Card>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('c.history')}</h2>}>
            <Timeline
              items={(q.data?.history ?? []).map((h) => ({
                content: `${time(h.at)} ${h.actorUsername ?? ''} ${labelOf(STATUSES, h.fromState, lang)} → ${labelOf(STATUSES, h.toState, lang)}${h.comment ? `：${h.comment}` : ''}`,
              }))}
            />
          </Card>
        </>
      )}
      <FormModal<Values>
        open={action !== null}
        title={action ? titles[action] : ''}
        form={form}
        name="hotline-action"
        onClose={() => setAction(null)}
        onSubmit={submit}
        toast
      >
        {(action === 'assign' || action === 'session') && (
          <Form.Item label={t('c.counsellor')} name="counsellorId" rules={action === 'assign' ? [{ required: true }] : []}>
            <Select allowClear options={(opts.data?.counsellors ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.orgName ?? ''}）` }))} />
          </Form.Item>
        )}
        {action === 'transfer' && (
          <Form.Item label={t('c.toOrg')} name="orgId" rules={[{ required: true }]}>
            <OrgTreeSelect aria-label={t('c.toOrg')} />
          </Form.Item>
        )}
        {action === 'escalate' && (
          <Form.Item label={t('c.supervisor')} name="supervisorId" rules={[{ required: true }]}>
            <Select options={(opts.data?.supervisors ?? []).map((s) => ({ value: s.id, label: `${s.displayName}（${s.orgName}）` }))} />
          </Form.Item>
        )}
        {(action === 'transfer' || action === 'escalate' || action === 'pause') && (
          <Form.Item label={t('c.reason')} name="reason" rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
        {(action === 'escalate' || action === 'safety') && (
          <Form.Item label={t('c.safetyPlan')} name="safetyPlan" rules={action === 'safety' ? [{ required: true }] : []}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        )}
        {action === 'refer' && (
          <>
            <Form.Item label={t('c.agency')} name="agency" rules={[{ required: true }]}>
              <Select options={(['110', '12345', '12348', '12338', 'school', 'hospital', 'other'] as const).map((a) => ({ value: a, label: a }))} />
            </Form.Item>
            <Form.Item label={t('c.receivingParty')} name="receivingParty" rules={[{ required: true, max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item label={t('c.referredOn')} name="referredOn">
              <DatePicker />
            </Form.Item>
          </>
        )}
        {(action === 'refer' || action === 'confirm') && (
          <Form.Item label={t('c.receipt')} name="receipt" rules={action === 'confirm' ? [{ required: true }] : []}>
            <Input maxLength={100} />
          </Form.Item>
        )}
        {action === 'confirm' && (
          <>
            <Form.Item label={t('c.confirmedOn')} name="confirmedOn">
              <DatePicker />
            </Form.Item>
            <Form.Item label={t('c.confirmation')} name="confirmation">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
        {action === 'session' && (
          <Space wrap>
            <Form.Item label={t('c.kind')} name="kind">
              <Select
                style={{ width: 120 }}
                options={[
                  { value: 'session', label: t('c.session') },
                  { value: 'follow_up', label: t('c.followUp') },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('c.heldAt')} name="heldAt">
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item label={t('c.minutes')} name="minutes" rules={[{ required: true }]}>
              <InputNumber min={1} max={600} />
            </Form.Item>
            <Form.Item label={t('c.form')} name="form">
              <Select style={{ width: 110 }} options={options(FORMS, lang)} />
            </Form.Item>
          </Space>
        )}
        {action === 'close' && (
          <Form.Item label={t('c.outcome')} name="outcome" rules={[{ required: true }]}>
            <Select options={options(OUTCOMES, lang)} />
          </Form.Item>
        )}
        {(action === 'session' || action === 'close') && (
          <Form.Item label={action === 'close' ? t('c.closingSummary') : t('c.summary')} name="summary" rules={[{ required: true, max: 2000 }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
      </FormModal>
    </>
  );
}
