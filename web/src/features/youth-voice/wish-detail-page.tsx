import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Radio, Space, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, client, ok } from '../../api/client';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ErrorAlert, errorMessage } from '../../components/api-error';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { PageTitle } from '../../components/page-title';
import { STATUS_COLORS, useYvText } from './messages';

type Modal = 'reject' | 'claim' | 'deliver' | 'followUp' | null;
type Sealed = { name: string; school: string; situation: string; guardianPhone: string; donorPhone: string | null; submitterPhone: string | null };
const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** One wish: review, publish, record a claim, deliver with a photo, follow up; the child's data in full only on request (audited). */
export function WishDetailPage() {
  const { id = '' } = useParams();
  const t = useYvText();
  const { t: tc } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const can = useCan();
  const [modal, setModal] = useState<Modal>(null);
  const [sealed, setSealed] = useState<Sealed | null>(null);
  const [rejectForm] = Form.useForm<{ comment: string }>();
  const [claimForm] = Form.useForm<{ donorKind: 'person' | 'org'; donorName: string; donorPhone?: string; donorOrgId?: number }>();
  const [deliverForm] = Form.useForm<{ deliveredOn: Dayjs; receiverConfirmation: string }>();
  const [followForm] = Form.useForm<{ followedUpOn: Dayjs; followUp: string }>();
  const donorKind = Form.useWatch('donorKind', claimForm);
  const q = useQuery({ queryKey: ['yv-wish', id], queryFn: () => ok(client.GET('/api/v1/youth-voice/wishes/{id}', { params: { path: { id } } })) });
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
  const showSealed = () => act(async () => setSealed(await ok(client.GET('/api/v1/youth-voice/wishes/{id}/sealed', path))));

  return (
    <>
      <Link to={{ pathname: '/youth-voice/wishes', search: location.search }}>
        <ArrowLeftOutlined /> {t('w.back')}
      </Link>
      <PageTitle
        extra={
          d &&
          write && (
            <Space wrap>
              {d.status === 'submitted' && (
                <Button
                  type="primary"
                  onClick={() => act(() => ok(client.POST('/api/v1/youth-voice/wishes/{id}/review', { ...path, body: { decision: 'approve' } })))}
                >
                  {t('w.approve')}
                </Button>
              )}
              {(d.status === 'submitted' || d.status === 'approved') && (
                <Button danger onClick={() => setModal('reject')}>
                  {t('w.rejectAction')}
                </Button>
              )}
              {d.status === 'approved' && (
                <Button type="primary" onClick={() => act(() => ok(client.POST('/api/v1/youth-voice/wishes/{id}/publish', path)))}>
                  {t('w.publish')}
                </Button>
              )}
              {d.status === 'published' && (
                <Button type="primary" onClick={() => setModal('claim')}>
                  {t('w.claim')}
                </Button>
              )}
              {(d.status === 'claimed' || d.status === 'delivered') && (
                <Upload
                  accept="image/png,image/jpeg"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void act(() => api.upload('/api/v1/youth-voice/wishes/{id}/proofs', file, { path: { id } }));
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />}>{t('w.proof')}</Button>
                </Upload>
              )}
              {d.status === 'claimed' && (
                <Button type="primary" onClick={() => setModal('deliver')}>
                  {t('w.deliver')}
                </Button>
              )}
              {d.status === 'delivered' && (
                <Button type="primary" onClick={() => setModal('followUp')}>
                  {t('w.followUp')}
                </Button>
              )}
            </Space>
          )
        }
      >
        {d?.wish ?? t('w.title')}
      </PageTitle>
      <ErrorAlert error={q.error} />
      {d && (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={tc('common.status')}>
                <Tag color={STATUS_COLORS[d.status]}>{d.statusLabel}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('w.org')}>{d.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('w.ageBand')}>{d.ageBandLabel}</Descriptions.Item>
              <Descriptions.Item label={t('w.area')}>{d.area}</Descriptions.Item>
              <Descriptions.Item label={t('w.recorded')}>{time(d.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('w.submitter')}>
                {d.submitterName ? `${d.submitterName} ${d.submitterPhone ?? ''}` : tc('common.none')}
              </Descriptions.Item>
              {d.reviewComment && <Descriptions.Item label={t('w.comment')}>{d.reviewComment}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('w.child')}</h2>}
            extra={
              d.canViewSealed &&
              !sealed && (
                <Button size="small" onClick={showSealed}>
                  {t('w.showSealed')}
                </Button>
              )
            }
            style={{ marginBottom: 16 }}
          >
            {d.canViewSealed && !sealed && <Typography.Paragraph type="secondary">{t('w.sealedAudited')}</Typography.Paragraph>}
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('w.childName')}>{sealed?.name ?? d.childName}</Descriptions.Item>
              <Descriptions.Item label={t('w.guardianPhone')}>{sealed?.guardianPhone ?? d.guardianPhone}</Descriptions.Item>
              {sealed && <Descriptions.Item label={t('w.school')}>{sealed.school}</Descriptions.Item>}
              {sealed && <Descriptions.Item label={t('w.situation')}>{sealed.situation}</Descriptions.Item>}
            </Descriptions>
          </Card>
          {d.donorName && (
            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('w.donor')}</h2>}>
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('w.donorKind')}>{d.donorKind ? t(`w.donorKind.${d.donorKind}`) : tc('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('w.donor')}>{d.donorName}</Descriptions.Item>
                <Descriptions.Item label={t('w.donorPhone')}>{sealed?.donorPhone ?? d.donorPhone ?? tc('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('w.claimedAt')}>{time(d.claimedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('w.deliveredOn')}>{d.deliveredOn ?? tc('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('w.confirmation')}>{d.receiverConfirmation ?? tc('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('w.followedUpOn')}>{d.followedUpOn ?? tc('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('w.followUpNote')}>{d.followUp ?? tc('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('w.proofs')} span={2}>
                  <Space wrap>
                    {(d.proofs ?? []).map((f) => (
                      <a key={f.id} href={`/api/v1/youth-voice/files/${f.id}`} target="_blank" rel="noreferrer">
                        <img src={`/api/v1/youth-voice/files/${f.id}`} alt={f.fileName} style={{ height: 80, borderRadius: 4 }} />
                      </a>
                    ))}
                  </Space>
                </Descriptions.Item>
              </Descriptions>
            </Card>
          )}
        </>
      )}
      <FormModal
        open={modal === 'reject'}
        title={t('w.rejectAction')}
        form={rejectForm}
        name="yv-wish-reject"
        onClose={() => setModal(null)}
        onSubmit={async (v) => {
          await ok(client.POST('/api/v1/youth-voice/wishes/{id}/review', { ...path, body: { decision: 'reject', comment: v.comment } }));
          await done();
        }}
      >
        <Form.Item label={t('w.comment')} name="comment" rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
      <FormModal
        open={modal === 'claim'}
        title={t('w.claim')}
        form={claimForm}
        name="yv-wish-claim"
        initialValues={{ donorKind: 'person' }}
        onClose={() => setModal(null)}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/youth-voice/wishes/{id}/claim', {
              ...path,
              body: { donorKind: v.donorKind, donorName: v.donorName, donorPhone: v.donorPhone || null, donorOrgId: v.donorOrgId ?? null },
            }),
          );
          await done();
        }}
      >
        <Form.Item label={t('w.donorKind')} name="donorKind">
          <Radio.Group options={(['person', 'org'] as const).map((k) => ({ value: k, label: t(`w.donorKind.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('w.donor')} name="donorName" rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('w.donorPhone')} name="donorPhone" rules={[{ required: donorKind !== 'org' }]}>
          <Input maxLength={20} />
        </Form.Item>
        {donorKind === 'org' && (
          <Form.Item label={t('w.donorOrg')} name="donorOrgId">
            <OrgTreeSelect />
          </Form.Item>
        )}
      </FormModal>
      <FormModal
        open={modal === 'deliver'}
        title={t('w.deliver')}
        form={deliverForm}
        name="yv-wish-deliver"
        initialValues={{ deliveredOn: dayjs() }}
        onClose={() => setModal(null)}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/youth-voice/wishes/{id}/deliver', {
              ...path,
              body: { deliveredOn: v.deliveredOn.format('YYYY-MM-DD'), receiverConfirmation: v.receiverConfirmation },
            }),
          );
          await done();
        }}
      >
        <Form.Item label={t('w.deliveredOn')} name="deliveredOn" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item label={t('w.confirmation')} name="receiverConfirmation" rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
      <FormModal
        open={modal === 'followUp'}
        title={t('w.followUp')}
        form={followForm}
        name="yv-wish-follow"
        initialValues={{ followedUpOn: dayjs() }}
        onClose={() => setModal(null)}
        onSubmit={async (v) => {
          await ok(
            client.POST('/api/v1/youth-voice/wishes/{id}/follow-up', {
              ...path,
              body: { followedUpOn: v.followedUpOn.format('YYYY-MM-DD'), followUp: v.followUp },
            }),
          );
          await done();
        }}
      >
        <Form.Item label={t('w.followedUpOn')} name="followedUpOn" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item label={t('w.followUpNote')} name="followUp" rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
