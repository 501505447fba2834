import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, List, Select, Space, Spin, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { ApiError, client, ok } from '../../api/client';
import type { Body } from '../../api/types';
import { useAuth } from '../../app/auth';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { useMl, yuan } from '../../features/member-life/ml-i18n';
import { OrgSearchSelect } from '../../features/member-life/pickers';
import { MobileShell } from '../member/mobile-shell';

const links = [
  { to: '/m/dues', key: 'm.dues' },
  { to: '/m/registration', key: 'm.registration' },
  { to: '/m/transfer', key: 'm.transfer' },
  { to: '/m/study', key: 'm.study' },
] as const;

/** The shell of the member's own pages: sign-in check and a row of links between them. */
function Shell({ title, children }: { title: string; children: ReactNode }) {
  const ml = useMl();
  const { me, loading } = useAuth();
  const { pathname } = useLocation();
  return (
    <MobileShell title={title}>
      <nav aria-label={ml('title')} style={{ marginBottom: 12 }}>
        <Space wrap>
          {links.map((l) => (
            <Link key={l.to} to={l.to} aria-current={pathname === l.to ? 'page' : undefined}>
              <Tag color={pathname === l.to ? 'red' : 'default'}>{ml(l.key)}</Tag>
            </Link>
          ))}
        </Space>
      </nav>
      {loading ? <Spin /> : me ? children : <Alert type="info" title={<Link to="/login">{ml('m.signIn')}</Link>} />}
    </MobileShell>
  );
}

function NotMember({ error }: { error: unknown }) {
  const ml = useMl();
  // Branch on the server's code: other 422s (e.g. an account without a person) keep their own message.
  if (error instanceof ApiError && error.code === 'member-life.not_a_member') return <Empty description={ml('m.notMember')} />;
  return <ErrorAlert error={error} />;
}

export function MyDuesPage() {
  const ml = useMl();
  const { me } = useAuth();
  const q = useQuery({ queryKey: ['me-dues'], enabled: Boolean(me), retry: false, queryFn: () => ok(client.GET('/api/v1/me/dues')) });
  const d = q.data;
  return (
    <Shell title={ml('m.dues')}>
      {q.error ? <NotMember error={q.error} /> : null}
      {d && (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={ml('m.standard')}>{yuan(d.standardFen)} 元</Descriptions.Item>
              <Descriptions.Item label={ml('m.paidThisYear')}>{yuan(d.paidThisYearFen)} 元</Descriptions.Item>
              <Descriptions.Item label={ml('m.arrears')}>
                {d.arrearsMonths.length ? `${d.arrearsMonths.join('、')}（${yuan(d.arrearsFen)} 元）` : ml('m.noArrears')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('ledger')}</h2>}>
            <List
              dataSource={d.entries}
              locale={{ emptyText: ml('none') }}
              renderItem={(e) => (
                <List.Item>
                  <span>
                    {e.fromMonth}–{e.toMonth}
                  </span>
                  <span>
                    {yuan(e.amountFen)} {e.reversed && <Tag>{ml('reversed')}</Tag>}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </>
      )}
    </Shell>
  );
}

export function MyRegistrationPage() {
  const ml = useMl();
  const { me } = useAuth();
  const q = useQuery({ queryKey: ['me-registration'], enabled: Boolean(me), retry: false, queryFn: () => ok(client.GET('/api/v1/me/registration')) });
  const d = q.data;
  const current = d?.items.find((i) => i.year === d.year);
  return (
    <Shell title={ml('m.registration')}>
      {q.error ? <NotMember error={q.error} /> : null}
      {d && (
        <Card size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={ml('year')}>{d.year}</Descriptions.Item>
            <Descriptions.Item label={ml('task.registration')}>
              {current ? (
                <Tag color={current.status === 'registered' ? 'green' : 'gold'}>
                  {current.status === 'registered' ? current.registeredOn : `${ml('defer')} → ${current.deferredUntil}`}
                </Tag>
              ) : d.canRegister ? (
                ml('m.canRegister')
              ) : (
                d.problem
              )}
            </Descriptions.Item>
            <Descriptions.Item label={ml('m.latestGrade')}>{d.latestGrade ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </Shell>
  );
}

const reasons = ['study', 'work', 'abroad', 'unemployed', 'other'] as const;

export function MyTransferPage() {
  const ml = useMl();
  const { me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const q = useQuery({ queryKey: ['me-transfers'], enabled: Boolean(me), retry: false, queryFn: () => ok(client.GET('/api/v1/me/transfers')) });
  const pending = q.data?.items.find((x) => x.status === 'pending');
  const submit = async (v: Body<'/api/v1/me/transfers', 'post'>) => {
    try {
      await ok(client.POST('/api/v1/me/transfers', { body: v }));
      message.success(ml('m.submit'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['me-transfers'] });
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    }
  };
  const cancel = async (id: string) => {
    try {
      await ok(client.POST('/api/v1/me/transfers/{transfer}/cancel', { params: { path: { transfer: id } } }));
      void qc.invalidateQueries({ queryKey: ['me-transfers'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Shell title={ml('m.transfer')}>
      {q.error ? <NotMember error={q.error} /> : null}
      {q.data && !pending && (
        <Card size="small" style={{ marginBottom: 12 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('m.startTransfer')}</h2>}>
          <Form form={form} layout="vertical" name="my-transfer" initialValues={{ reason: 'study' }} onFinish={(v) => void submit(v)}>
            <Form.Item name="reason" label={ml('reason')} rules={[{ required: true }]}>
              <Select options={reasons.map((r) => ({ value: r, label: ml(`reason.${r}`) }))} />
            </Form.Item>
            <Form.Item name="toOrgId" label={ml('to')} rules={[{ required: true }]}>
              <OrgSearchSelect aria-label={ml('to')} />
            </Form.Item>
            <Form.Item name="note" label={ml('note')}>
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit" block>
              {ml('m.submit')}
            </Button>
          </Form>
        </Card>
      )}
      {q.data && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('m.myTransfers')}</h2>}>
          <List
            dataSource={q.data.items}
            locale={{ emptyText: ml('none') }}
            renderItem={(x) => (
              <List.Item
                actions={
                  x.status === 'pending'
                    ? [
                        <Button key="c" size="small" onClick={() => void cancel(x.id)}>
                          {ml('withdraw')}
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta title={`${x.toOrgName} · ${x.reasonLabel}`} description={`${x.requestedOn} · ${x.statusLabel}`} />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Shell>
  );
}

/** 青年大学习 issues of the member's branch; "I studied" while an issue is open. */
export function MyStudyPage() {
  const ml = useMl();
  const { me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['me-study'], enabled: Boolean(me), retry: false, queryFn: () => ok(client.GET('/api/v1/me/study')) });
  const studied = async (episodeId: string) => {
    try {
      await ok(client.POST('/api/v1/me/study', { body: { episodeId } }));
      void qc.invalidateQueries({ queryKey: ['me-study'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Shell title={ml('m.study')}>
      {q.error ? <NotMember error={q.error} /> : null}
      {q.data && (
        <List
          dataSource={q.data.items}
          locale={{ emptyText: <Empty description={ml('noEpisode')} /> }}
          renderItem={(e) => (
            <List.Item
              actions={[
                e.studiedAt ? (
                  <Tag color="green" key="s">
                    {ml('m.studiedAt', { at: new Date(e.studiedAt).toLocaleDateString('zh-CN') })}
                  </Tag>
                ) : e.open ? (
                  <Button key="b" type="primary" size="small" onClick={() => void studied(e.id)}>
                    {ml('m.studied')}
                  </Button>
                ) : (
                  <Tag key="c">{ml('m.closed')}</Tag>
                ),
              ]}
            >
              <List.Item.Meta title={`${e.number} ${e.title}`} description={`${e.startsOn} – ${e.endsOn}`} />
            </List.Item>
          )}
        />
      )}
    </Shell>
  );
}
