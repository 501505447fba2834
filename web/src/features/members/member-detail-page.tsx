import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, DatePicker, Descriptions, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client';
import type { Member } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { PageTitle } from '../../components/page-title';

type EditValues = { admittedOn: Dayjs; developmentNumber?: string; leaguePost?: string };

export function MemberDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const location = useLocation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<EditValues>();
  const q = useQuery({ queryKey: ['member', id], queryFn: () => api.get<Member>(`/members/${id}`) });
  const m = q.data;

  const save = async (v: EditValues) => {
    try {
      await api.patch<Member>(`/members/${id}`, {
        admittedOn: v.admittedOn.format('YYYY-MM-DD'),
        developmentNumber: v.developmentNumber || null,
        leaguePost: v.leaguePost || null,
      });
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
            <Button>{t('mem.backToList')}</Button>
          </Link>
        }
      >
        {m ? m.name : t('mem.detail')}
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
              {t('mem.edit')}
            </Button>
          )
        }
      >
        {m && (
          <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
            <Descriptions.Item label={t('mem.name')}>{m.name}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <Badge status={m.status === 'active' ? 'success' : 'default'} text={t(`mem.status.${m.status}`)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('mem.gender')}>{t(m.gender === 'M' ? 'mem.male' : 'mem.female')}</Descriptions.Item>
            <Descriptions.Item label={t('mem.birthDate')}>
              {m.birthDate}（{t('mem.ageOf', { n: m.age })}）
            </Descriptions.Item>
            <Descriptions.Item label={t('mem.idNumber')}>{m.idNumber ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('mem.phone')}>{m.phone ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('mem.branch')}>{m.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('mem.leaguePost')}>{m.leaguePost ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('mem.admittedOn')}>{m.admittedOn}</Descriptions.Item>
            <Descriptions.Item label={t('mem.developmentNumber')}>{m.developmentNumber ?? t('common.none')}</Descriptions.Item>
            {m.status === 'left' && (
              <Descriptions.Item label={t('mem.leftOn')}>
                {m.leftOn} {m.leftReason ?? ''} {m.leftNote ?? ''}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <Modal open={editing} title={t('mem.edit')} onCancel={() => setEditing(false)} onOk={() => form.submit()} destroyOnHidden forceRender>
        <Form<EditValues> form={form} layout="vertical" name="member-edit" onFinish={save}>
          <Form.Item label={t('mem.admittedOn')} name="admittedOn" rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('mem.developmentNumber')} name="developmentNumber" extra={t('mem.devNoHint')}>
            <Input maxLength={12} />
          </Form.Item>
          <Form.Item label={t('mem.leaguePost')} name="leaguePost">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
