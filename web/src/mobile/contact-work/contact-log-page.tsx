import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Input, List, Progress, Result, Segmented, Select, Space, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { client, ok } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { useContactMeta } from '../../features/contact-work/forms';
import { useCw } from '../../features/contact-work/messages';
import { MobileShell } from '../member/mobile-shell';

const big = { height: 52, fontSize: 18 } as const;

/**
 * A cadre logs a contact in under 30 seconds: pick one of their youths (or type a new one),
 * tap the way, say the topic, submit. The date defaults to today; one request id per form, so
 * a double tap or a retry after a lost answer writes once.
 */
function LogForm() {
  const cw = useCw();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const book = useQuery({ queryKey: ['/api/v1/contact-work/my-book', 'phone'], queryFn: () => ok(client.GET('/api/v1/contact-work/my-book')) });
  const meta = useContactMeta().data;
  const [mode, setMode] = useState<'pick' | 'new'>('pick');
  const [contactId, setContactId] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [kind, setKind] = useState('worker');
  const [way, setWay] = useState('phone');
  const [topic, setTopic] = useState('');
  const [day, setDay] = useState<Dayjs>(dayjs());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const requestId = useRef(crypto.randomUUID());

  if (book.isLoading) return <Spin />;
  if (book.error) return <ErrorAlert error={book.error} />;
  const cadre = book.data?.cadre;
  if (!cadre) return <Empty description={cw('notCadre')} />;

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      await ok(
        client.POST('/api/v1/contact-work/logs', {
          body: {
            requestId: requestId.current,
            contactId: mode === 'pick' ? (contactId ?? null) : null,
            contact: mode === 'new' ? { name, phone: phone || null, kind: kind as 'worker' } : null,
            contactedOn: day.format('YYYY-MM-DD'),
            way: way as 'phone',
            topic,
          },
        }),
      );
      // the next form is a new request
      requestId.current = crypto.randomUUID();
      setDone(mode === 'pick' ? (book.data?.items.find((c) => c.id === contactId)?.name ?? '') : name);
      setTopic('');
      setName('');
      setPhone('');
      void qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/v1/contact-work') });
    } catch (e) {
      setError(e);
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  if (done !== null) {
    return (
      <Result
        status="success"
        title={`${cw('m.done')}：${done}`}
        extra={
          <Button type="primary" style={big} block onClick={() => setDone(null)}>
            {cw('m.again')}
          </Button>
        }
      />
    );
  }

  const ready = topic.trim().length > 0 && (mode === 'pick' ? Boolean(contactId) : name.trim().length > 0);
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <div>{cw('m.progress', { n: cadre.contacted, target: cadre.target })}</div>
        <Progress percent={cadre.progress} aria-label={cw('progress')} />
      </Card>
      {error ? <Alert type="error" showIcon title={errorMessage(error)} /> : null}
      <Segmented
        block
        size="large"
        value={mode}
        onChange={(v) => setMode(v as 'pick' | 'new')}
        options={[
          { value: 'pick', label: cw('m.pick') },
          { value: 'new', label: cw('m.new') },
        ]}
      />
      {mode === 'pick' ? (
        <Select
          size="large"
          showSearch
          optionFilterProp="label"
          placeholder={cw('m.pick')}
          aria-label={cw('m.pick')}
          value={contactId}
          onChange={setContactId}
          options={(book.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.lastContactedOn ? `（${c.lastContactedOn}）` : ''}` }))}
        />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input size="large" placeholder={cw('name')} aria-label={cw('name')} value={name} maxLength={50} onChange={(e) => setName(e.target.value)} />
          <Input
            size="large"
            placeholder={cw('phone')}
            aria-label={cw('phone')}
            inputMode="tel"
            value={phone}
            maxLength={20}
            onChange={(e) => setPhone(e.target.value)}
          />
          <Select size="large" aria-label={cw('kind')} value={kind} onChange={setKind} options={meta?.kinds} style={{ width: '100%' }} />
        </Space>
      )}
      <div role="radiogroup" aria-label={cw('way')}>
        <Flex wrap gap={8}>
          {(meta?.ways ?? []).map((w) => (
            <Button
              key={w.value}
              role="radio"
              aria-checked={way === w.value}
              type={way === w.value ? 'primary' : 'default'}
              style={{ ...big, flex: '1 0 30%' }}
              onClick={() => setWay(w.value)}
            >
              {w.label}
            </Button>
          ))}
        </Flex>
      </div>
      <Input size="large" placeholder={cw('topic')} aria-label={cw('topic')} value={topic} maxLength={100} onChange={(e) => setTopic(e.target.value)} />
      <label htmlFor="cw-phone-date" style={{ marginBottom: -8 }}>
        {cw('date')}
      </label>
      <DatePicker
        id="cw-phone-date"
        size="large"
        value={day}
        allowClear={false}
        onChange={(d) => d && setDay(d)}
        disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        style={{ width: '100%' }}
      />
      <Button type="primary" size="large" style={big} block loading={saving} disabled={!ready} onClick={() => void submit()}>
        {cw('m.submit')}
      </Button>
      {(book.data?.recent.length ?? 0) > 0 && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{cw('m.recent')}</h2>}>
          <List
            size="small"
            dataSource={book.data?.recent ?? []}
            renderItem={(l) => (
              <List.Item>
                <span>
                  {l.contactedOn} {l.contactName}
                </span>
                <span>
                  {l.wayLabel} · {l.topic}
                </span>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Link to="/contact-work">{cw('m.console')}</Link>
    </Flex>
  );
}

/** /m/contact-work: the cadre's phone page, on their console session. */
export function ContactLogPage() {
  const cw = useCw();
  const { me, loading } = useAuth();
  return (
    <MobileShell title={cw('m.title')}>
      {loading ? <Spin /> : me ? <LogForm /> : <Alert type="info" title={<Link to="/login">{cw('m.signIn')}</Link>} />}
    </MobileShell>
  );
}
