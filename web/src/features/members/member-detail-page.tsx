import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, DatePicker, Descriptions, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { client, ok } from '../../api/client';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { PageTitle } from '../../components/page-title';
import { useMem } from './member-i18n';

type EditValues = { admittedOn: Dayjs; developmentNumber?: string; leaguePost?: string };

export function MemberDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const tm = useMem();
  const can = useCan();
  const { message } = App.useApp();
  const location = useLocation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<EditValues>();
  const q = useQuery({ queryKey: ['member', id], queryFn: () => ok(client.GET('/api/v1/members/{id}', { params: { path: { id } } })) });
  const m = q.data;

  const save = async (v: EditValues) => {
    try {
      await ok(
        client.PATCH('/api/v1/members/{id}', {
          params: { path: { id } },
          body: { admittedOn: v.admittedOn.format('YYYY-MM-DD'), developmentNumber: v.developmentNumber || null, leaguePost: v.leaguePost || null },
        }),
      );
      message.success(t('common.saved'));
      setEditing(false);
      await qc.invalidateQueries({ queryKey: ['member', id] });
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <PageTitle
        extra={
          <Link to={{ pathname: '/members', search: location.search }}>
            <Button>{tm('mem.backToList')}</Button>
          </Link>
        }
      >
        {m ? m.name : tm('mem.detail')}
      </PageTitle>
      <ErrorAlert error={q.error} />
      <Card
        loading={q.isLoading}
        extra={
          m?.status === 'active' &&
          can('member.write') && (
            <Button
              onClick={() => {
                form.setFieldsValue({ admittedOn: dayjs(m.admittedOn), developmentNumber: m.developmentNumber ?? '', leaguePost: m.leaguePost ?? '' });
                setEditing(true);
              }}
            >
              {tm('mem.edit')}
            </Button>
          )
        }
      >
        {m && (
          <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
            <Descriptions.Item label={tm('mem.name')}>{m.name}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <Badge status={m.status === 'active' ? 'success' : 'default'} text={tm(`mem.status.${m.status}`)} />
            </Descriptions.Item>
            <Descriptions.Item label={tm('mem.gender')}>{tm(m.gender === 'M' ? 'mem.male' : 'mem.female')}</Descriptions.Item>
            <Descriptions.Item label={tm('mem.birthDate')}>
              {m.birthDate}（{tm('mem.ageOf', { n: m.age })}）
            </Descriptions.Item>
            <Descriptions.Item label={tm('mem.idNumber')}>{m.idNumber ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={tm('mem.phone')}>{m.phone ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={tm('mem.branch')}>{m.orgName}</Descriptions.Item>
            <Descriptions.Item label={tm('mem.leaguePost')}>{m.leaguePost ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={tm('mem.admittedOn')}>{m.admittedOn}</Descriptions.Item>
            <Descriptions.Item label={tm('mem.developmentNumber')}>{m.developmentNumber ?? t('common.none')}</Descriptions.Item>
            {m.status === 'left' && (
              <Descriptions.Item label={tm('mem.leftOn')}>
                {m.leftOn} {m.leftReason ?? ''} {m.leftNote ?? ''}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <Modal open={editing} title={tm('mem.edit')} onCancel={() => setEditing(false)} onOk={() => form.submit()} destroyOnHidden forceRender>
        <Form<EditValues> form={form} layout="vertical" name="member-edit" onFinish={save}>
          <Form.Item label={tm('mem.admittedOn')} name="admittedOn" rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={tm('mem.developmentNumber')} name="developmentNumber" extra={tm('mem.devNoHint')}>
            <Input maxLength={12} />
          </Form.Item>
          <Form.Item label={tm('mem.leaguePost')} name="leaguePost">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
