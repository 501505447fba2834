import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api/client';
import type { VolunteerActivity, VolunteerActivityInput } from '../../api/types';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useVolunteerText } from './messages';
import { SKILLS } from './options';

type Values = {
  orgId: number;
  title: string;
  serviceContent?: string;
  place?: string;
  lat?: number | null;
  lng?: number | null;
  geofenceM?: number | null;
  teamId?: string;
  projectId?: string;
  minAge?: number | null;
  maxAge?: number | null;
  skills?: string[];
  requiresApproval?: boolean;
  waitlist?: boolean;
  requiresInsurance?: boolean;
  requiresTraining?: string;
  shifts?: { time?: [Dayjs, Dayjs]; capacity?: number }[];
  recurring?: boolean;
  weeks?: number[];
  weekday?: number;
  start?: string;
  end?: string;
  from?: Dayjs;
  months?: number;
  capacity?: number;
};

/** Creates an activity with shifts typed in and/or generated from a recurring service day. */
export function ActivityFormModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (a: VolunteerActivity) => void }) {
  const t = useVolunteerText();
  const { orgId } = useScope();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const recurring = Form.useWatch('recurring', form);
  const teams = useQuery({
    queryKey: ['volunteer-teams', orgId],
    enabled: open,
    queryFn: () => ok(client.GET('/api/v1/volunteer-teams', { params: { query: { status: 'active' } } })),
  });
  const projects = useQuery({
    queryKey: ['volunteer-projects', orgId],
    enabled: open,
    queryFn: () => ok(client.GET('/api/v1/volunteer-projects', { params: { query: { status: 'active' } } })),
  });

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    const body: VolunteerActivityInput = {
      orgId: v.orgId,
      title: v.title,
      serviceContent: v.serviceContent || null,
      place: v.place || null,
      lat: v.lat ?? null,
      lng: v.lng ?? null,
      geofenceM: v.geofenceM ?? null,
      teamId: v.teamId || null,
      projectId: v.projectId || null,
      minAge: v.minAge ?? null,
      maxAge: v.maxAge ?? null,
      skills: v.skills ?? [],
      requiresApproval: v.requiresApproval ?? false,
      waitlist: v.waitlist ?? true,
      requiresInsurance: v.requiresInsurance ?? false,
      requiresTraining: v.requiresTraining || null,
      shifts: (v.shifts ?? [])
        .filter((s) => s.time)
        .map((s) => ({ startsAt: s.time?.[0].toISOString() ?? '', endsAt: s.time?.[1].toISOString() ?? '', capacity: s.capacity ?? 1 })),
      recurrence:
        v.recurring && v.from
          ? {
              kind: 'monthly',
              weeks: v.weeks ?? [1],
              weekday: v.weekday ?? 6,
              start: v.start ?? '09:00',
              end: v.end ?? '11:00',
              from: v.from.format('YYYY-MM-DD'),
              months: v.months ?? 3,
              capacity: v.capacity ?? 10,
            }
          : null,
    };
    try {
      const created = await ok(client.POST('/api/v1/volunteer-activities', { body }));
      form.resetFields();
      onDone(created);
    } catch (e) {
      setError(e);
      applyFieldError(form, e);
    } finally {
      setSaving(false);
    }
  };

  const weekOptions = [1, 2, 3, 4, 5].map((n) => ({ value: n, label: t('act.week.n', { n }) })).concat([{ value: -1, label: t('act.week.last') }]);
  return (
    <Modal title={t('act.create')} open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden width={760}>
      <ErrorAlert error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        name="activity-create"
        initialValues={{ orgId, waitlist: true, shifts: [{ capacity: 10 }], weeks: [1, 3], weekday: 6, start: '09:00', end: '11:00', months: 3, capacity: 10 }}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t('act.org')} name="orgId" rules={[{ required: true }]}>
              <OrgTreeSelect />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('act.name')} name="title" rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('act.serviceContent')} name="serviceContent">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('act.place')} name="place">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('act.lat')} name="lat">
              <InputNumber style={{ width: '100%' }} min={-90} max={90} step={0.0001} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('act.lng')} name="lng">
              <InputNumber style={{ width: '100%' }} min={-180} max={180} step={0.0001} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('act.geofence')} name="geofenceM">
              <InputNumber style={{ width: '100%' }} min={10} max={50000} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('act.team')} name="teamId">
              <Select allowClear options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('act.project')} name="projectId">
              <Select allowClear options={(projects.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('act.eligibility')}</Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item label={t('act.minAge')} name="minAge">
              <InputNumber style={{ width: '100%' }} min={14} max={100} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('act.maxAge')} name="maxAge">
              <InputNumber style={{ width: '100%' }} min={14} max={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('act.skills')} name="skills">
              <Select mode="tags" options={SKILLS.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('act.requiresTraining')} name="requiresTraining">
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Space direction="vertical">
              <Form.Item name="requiresInsurance" valuePropName="checked" noStyle>
                <Checkbox>{t('act.requiresInsurance')}</Checkbox>
              </Form.Item>
              <Form.Item name="requiresApproval" valuePropName="checked" noStyle>
                <Checkbox>{t('act.requiresApproval')}</Checkbox>
              </Form.Item>
              <Form.Item name="waitlist" valuePropName="checked" noStyle>
                <Checkbox>{t('act.waitlist')}</Checkbox>
              </Form.Item>
            </Space>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('act.shifts')}</Divider>
        <Form.List name="shifts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item label={`${t('act.shiftTime')} ${i + 1}`} name={[f.name, 'time']} rules={[{ required: true }]}>
                    <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                  </Form.Item>
                  <Form.Item label={t('act.capacity')} name={[f.name, 'capacity']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={10000} />
                  </Form.Item>
                  <Button type="text" aria-label={t('act.removeShift')} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ capacity: 10 })}>
                {t('act.addShift')}
              </Button>
            </>
          )}
        </Form.List>
        <Divider />
        <Form.Item name="recurring" valuePropName="checked">
          <Checkbox>{t('act.recurring')}</Checkbox>
        </Form.Item>
        {recurring && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label={t('act.recurrence.weeks')} name="weeks" rules={[{ required: true }]}>
                <Select mode="multiple" options={weekOptions} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('act.recurrence.weekday')} name="weekday" rules={[{ required: true }]}>
                <Select options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: t(`act.weekday.${d}` as 'act.weekday.0') }))} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label={t('act.recurrence.start')} name="start" rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}>
                <Input placeholder="09:00" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label={t('act.recurrence.end')} name="end" rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}>
                <Input placeholder="11:00" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('act.recurrence.from')} name="from" rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('act.recurrence.months')} name="months">
                <InputNumber min={1} max={24} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('act.capacity')} name="capacity">
                <InputNumber min={1} max={10000} />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}
