import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Empty, Form, InputNumber, Modal, Progress, Space } from 'antd';
import { useEffect, useState } from 'react';
import { client, ok } from '../../api/client';
import { Can } from '../../app/auth';
import { defineMessages } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';

const zh = {
  open: '发展指标',
  title: '年级人数与发展指标',
  org: '学校（组织）',
  year: '年度',
  size: '年级人数',
  sizeHint: '本年度毕业年级（或应届）学生人数；发展指标 = 年级人数 × 发展比例上限',
  save: '保存年级人数',
  declaredAt: '登记组织',
  percent: '发展比例上限',
  max: '发展指标',
  used: '本年已发展',
  use: '指标使用',
  inherited: '本组织未单独登记，按上级“{org}”登记的年级人数计算',
  none: '本组织及上级均未登记 {year} 年的年级人数，发展不受指标限制',
  saved: '已保存',
  over: '已超出指标',
  close: '关闭',
};
const en = {
  open: 'Quota',
  title: 'Cohort size and admission quota',
  org: 'School (org)',
  year: 'Year',
  size: 'Cohort size',
  sizeHint: "The year's graduating (or current) class size; the quota is this times the quota share",
  save: 'Save cohort size',
  declaredAt: 'Declared by',
  percent: 'Quota share',
  max: 'Quota',
  used: 'Admitted this year',
  use: 'Quota use',
  inherited: 'Not declared here: measured against the cohort declared by "{org}"',
  none: 'No cohort is declared for {year} here or above: admissions are not limited by a quota',
  saved: 'Saved',
  over: 'Over the quota',
  close: 'Close',
};

const useCo = defineMessages(zh, en);

/** Shows an org's admission quota use for a year and lets the level above declare the cohort it is measured on. */
export function CohortModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const co = useCo();
  const { message } = App.useApp();
  const scope = useScope();
  const qc = useQueryClient();
  const [orgId, setOrgId] = useState<number | null>(scope.orgId);
  const [year, setYear] = useState(new Date().getFullYear());
  const [form] = Form.useForm<{ cohortSize: number }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open && orgId === null) setOrgId(scope.orgId);
  }, [open, orgId, scope.orgId]);

  const quota = useQuery({
    queryKey: ['member-cohort', orgId, year],
    queryFn: open && orgId !== null ? () => ok(client.GET('/api/v1/member-cohorts', { params: { query: { orgId, year } } })) : skipToken,
  });
  const q = quota.data?.quota ?? null;
  const own = q && q.orgId === orgId;

  useEffect(() => {
    form.setFieldsValue({ cohortSize: own ? q.cohortSize : undefined });
    setError(null);
  }, [own, q, form]);

  const save = async ({ cohortSize }: { cohortSize: number }) => {
    if (orgId === null) return;
    setSaving(true);
    setError(null);
    try {
      const res = await ok(client.POST('/api/v1/member-cohorts', { body: { orgId, year, size: cohortSize } }));
      qc.setQueryData(['member-cohort', orgId, year], res);
      void qc.invalidateQueries({ queryKey: ['applications'] });
      message.success(co('saved'));
    } catch (e) {
      applyFieldError(form, e);
      setError(errorMessage(e));
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const pct = q && q.max > 0 ? Math.round((q.used * 100) / q.max) : q && q.used > 0 ? 100 : 0;
  return (
    <Modal open={open} title={co('title')} onCancel={onClose} footer={null} width={640} destroyOnHidden>
      <Space wrap style={{ marginBottom: 16 }}>
        <OrgTreeSelect aria-label={co('org')} value={orgId} onChange={setOrgId} style={{ width: 300 }} />
        <InputNumber aria-label={co('year')} prefix={co('year')} value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} />
      </Space>
      <ErrorAlert error={quota.error} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {q ? (
        <>
          {!own && <Alert type="info" showIcon title={co('inherited', { org: q.orgName })} style={{ marginBottom: 12 }} />}
          <Descriptions size="small" bordered column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={co('declaredAt')}>{q.orgName}</Descriptions.Item>
            <Descriptions.Item label={co('size')}>{q.cohortSize}</Descriptions.Item>
            <Descriptions.Item label={co('percent')}>{q.percent}%</Descriptions.Item>
            <Descriptions.Item label={co('max')}>{q.max}</Descriptions.Item>
            <Descriptions.Item label={co('used')}>{q.used}</Descriptions.Item>
            <Descriptions.Item label={co('use')}>
              <Progress
                percent={Math.min(pct, 100)}
                status={q.used > q.max ? 'exception' : undefined}
                size="small"
                format={() => `${q.used}/${q.max}`}
                aria-label={`${co('use')} ${q.used}/${q.max}`}
              />
              {q.used > q.max && <span style={{ color: '#cf1322' }}>{co('over')}</span>}
            </Descriptions.Item>
          </Descriptions>
        </>
      ) : (
        !quota.isLoading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={co('none', { year })} style={{ marginBottom: 12 }} />
      )}
      <Can permission="member.approve">
        <Form form={form} layout="inline" name="cohort-form" onFinish={save}>
          <Form.Item label={co('size')} name="cohortSize" rules={[{ required: true }]} tooltip={co('sizeHint')}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={saving} disabled={orgId === null}>
              {co('save')}
            </Button>
          </Form.Item>
        </Form>
      </Can>
      <div style={{ textAlign: 'right', marginTop: 16 }}>
        <Button onClick={onClose}>{co('close')}</Button>
      </div>
    </Modal>
  );
}

export function useCohortLabel() {
  return useCo()('open');
}
