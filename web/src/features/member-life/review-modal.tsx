import { skipToken, useQuery } from '@tanstack/react-query';
import { Alert, App, DatePicker, Descriptions, Form, InputNumber, Modal, Radio, Space, Table, Tag, Timeline } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { client, ok } from '../../api/client';
import type { Member } from '../../api/types';
import { defineMessages, useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { FormModal } from '../../components/form-modal';
import { OrgTreeSelect } from '../../components/org-tree-select';

const zh = {
  propose: '提交评议结果',
  approve: '批准',
  title: '{year} 年度团员教育评议（支部提交）',
  branch: '团支部',
  heldOn: '评议会日期',
  expected: '应到人数',
  attended: '实到人数',
  grade: '评议等次',
  member: '团员',
  'grade.excellent': '优秀',
  'grade.qualified': '合格',
  'grade.basic': '基本合格',
  'grade.unqualified': '不合格',
  capHint: '参评 {n} 人，“优秀”不得超过 30%，最多 {max} 人；当前 {x} 人',
  capOver: '“优秀”已超过 30% 上限（最多 {max} 人，当前 {x} 人），提交将被退回',
  attendHint: '到会须达应到人数的 2/3（至少 {min} 人）',
  submitted: '评议结果已提交，待上级审批',
  pickBranch: '请选择团支部',
  noMembers: '该支部没有在册团员',
  detail: '评议详情',
  history: '办理记录',
  year: '年度',
  status: '状态',
  'action.propose': '支部提交',
  'action.approve': '上级批准',
  'action.reject': '上级退回',
};
type Key = keyof typeof zh;
const en = {
  propose: 'Submit review results',
  approve: 'Approve',
  title: '{year} annual member review (branch proposal)',
  branch: 'Branch',
  heldOn: 'Meeting date',
  expected: 'Expected',
  attended: 'Attended',
  grade: 'Grade',
  member: 'Member',
  'grade.excellent': 'Excellent',
  'grade.qualified': 'Qualified',
  'grade.basic': 'Basically qualified',
  'grade.unqualified': 'Unqualified',
  capHint: '{n} reviewed: "excellent" may go to at most 30%, i.e. {max}; now {x}',
  capOver: '"Excellent" is over the 30% cap (at most {max}, now {x}); the server will refuse it',
  attendHint: 'At least two thirds of the expected members must attend (at least {min})',
  submitted: 'Submitted; waiting for approval above',
  pickBranch: 'Choose the branch',
  noMembers: 'The branch has no current members',
  detail: 'Review details',
  history: 'History',
  year: 'Year',
  status: 'Status',
  'action.propose': 'Proposed',
  'action.approve': 'Approved',
  'action.reject': 'Returned',
};

export const useRv = defineMessages(zh, en);

const actionKeys: Record<string, Key | undefined> = { propose: 'action.propose', approve: 'action.approve', reject: 'action.reject' };
const grades = ['excellent', 'qualified', 'basic', 'unqualified'] as const;
type Grade = (typeof grades)[number];
type Values = { heldOn: Dayjs; expected: number; attended: number };

/** The branch grades its members and proposes the result; the committee above approves it. */
export function ReviewProposeModal({ open, year, onClose, onDone }: { open: boolean; year: number; onClose: () => void; onDone: () => void }) {
  const rv = useRv();
  const { t } = useI18n();
  const { message } = App.useApp();
  const scope = useScope();
  const [form] = Form.useForm<Values>();
  const [branchId, setBranchId] = useState<number | null>(null);
  const [picked, setPicked] = useState<Record<string, Grade>>({});

  useEffect(() => {
    if (open) {
      setBranchId(scope.orgId);
      setPicked({});
      // A past year's review is usually held in December; this year's, today.
      form.setFieldsValue({ heldOn: year < dayjs().year() ? dayjs(`${year}-12-20`) : dayjs() });
    }
  }, [open, scope.orgId, year, form]);

  const members = useQuery({
    queryKey: ['ml-review-members', branchId],
    queryFn:
      open && branchId !== null ? () => ok(client.GET('/api/v1/members', { params: { query: { orgId: branchId, status: 'active', limit: 500 } } })) : skipToken,
  });
  // Only members of the branch itself can be graded (a committee's list would include its branches).
  const list = useMemo(() => (members.data?.items ?? []).filter((m) => m.orgId === branchId), [members.data, branchId]);

  useEffect(() => {
    if (open && members.data) form.setFieldsValue({ expected: list.length, attended: list.length });
  }, [open, members.data, list.length, form]);

  const gradeOf = (id: string): Grade => picked[id] ?? 'qualified';
  const n = list.length;
  const max = Math.floor((n * 3) / 10);
  const excellent = list.filter((m) => gradeOf(m.id) === 'excellent').length;
  const expected = Form.useWatch('expected', form) ?? 0;

  const submit = async (v: Values) => {
    if (branchId === null) return;
    await ok(
      client.POST('/api/v1/reviews', {
        body: {
          orgId: branchId,
          year,
          heldOn: v.heldOn.format('YYYY-MM-DD'),
          expected: v.expected,
          attended: v.attended,
          grades: list.map((m) => ({ memberId: m.id, grade: gradeOf(m.id) })),
        },
      }),
    );
    message.success(rv('submitted'));
    onDone();
  };

  return (
    <FormModal<Values>
      open={open}
      title={rv('title', { year })}
      form={form}
      name="review-propose"
      onClose={onClose}
      onSubmit={submit}
      toast
      okText={rv('propose')}
      cancelText={t('common.cancel')}
      okDisabled={n === 0}
      width={760}
      initialValues={{ heldOn: dayjs() }}
      intro={<ErrorAlert error={members.error} />}
      below={
        <>
          <Alert
            type={excellent > max ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            title={excellent > max ? rv('capOver', { max, x: excellent }) : rv('capHint', { n, max, x: excellent })}
          />
          <Table<Member>
            rowKey="id"
            size="small"
            loading={members.isLoading && branchId !== null}
            dataSource={list}
            pagination={false}
            scroll={{ y: 360 }}
            locale={{ emptyText: rv('noMembers') }}
            columns={[
              { key: 'name', title: rv('member'), dataIndex: 'name', width: 120 },
              {
                key: 'grade',
                title: rv('grade'),
                render: (_, m) => (
                  <Radio.Group
                    aria-label={`${m.name} ${rv('grade')}`}
                    value={gradeOf(m.id)}
                    onChange={(e) => setPicked((p) => ({ ...p, [m.id]: e.target.value as Grade }))}
                    options={grades.map((g) => ({ value: g, label: rv(`grade.${g}`) }))}
                  />
                ),
              },
            ]}
          />
        </>
      }
    >
      <Space wrap align="start" size="middle">
        <Form.Item label={rv('branch')} required>
          <OrgTreeSelect aria-label={rv('branch')} value={branchId} onChange={setBranchId} placeholder={rv('pickBranch')} style={{ width: 280 }} />
        </Form.Item>
        <Form.Item label={rv('heldOn')} name="heldOn" rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item label={rv('expected')} name="expected" rules={[{ required: true }]}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item label={rv('attended')} name="attended" rules={[{ required: true }]} extra={rv('attendHint', { min: Math.ceil((expected * 2) / 3) })}>
          <InputNumber min={0} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

/** A review's grades and history, for the branch and for the approver above. */
export function ReviewDetailModal({ id, onClose }: { id: string | null; onClose: () => void }) {
  const rv = useRv();
  const q = useQuery({
    queryKey: ['ml-review', id],
    queryFn: id === null ? skipToken : () => ok(client.GET('/api/v1/reviews/{id}', { params: { path: { id } } })),
  });
  const r = q.data;
  return (
    <Modal open={id !== null} title={rv('detail')} onCancel={onClose} footer={null} width={640} destroyOnHidden>
      <ErrorAlert error={q.error} />
      {r && (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={rv('year')}>{r.year}</Descriptions.Item>
            <Descriptions.Item label={rv('heldOn')}>{r.heldOn}</Descriptions.Item>
            <Descriptions.Item label={rv('expected')}>{r.expected}</Descriptions.Item>
            <Descriptions.Item label={rv('attended')}>{r.attended}</Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="memberId"
            size="small"
            dataSource={r.grades}
            pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { key: 'name', title: rv('member'), dataIndex: 'name' },
              {
                key: 'grade',
                title: rv('grade'),
                // Default tags: antd's coloured tag text is below 4.5:1 contrast.
                render: (_, g) => <Tag style={g.grade === 'excellent' ? { fontWeight: 600 } : undefined}>{g.gradeLabel}</Tag>,
              },
            ]}
          />
          <h3 style={{ fontSize: 14, marginTop: 16 }}>{rv('history')}</h3>
          <Timeline
            items={r.history.map((h) => ({
              key: `${h.at}-${h.action}`,
              content: (
                <>
                  <strong>{actionKeys[h.action] ? rv(actionKeys[h.action] as Key) : h.action}</strong> {dayjs(h.at).format('YYYY-MM-DD HH:mm')} ·{' '}
                  {h.actor ?? '—'}
                  {h.comment && <div>{h.comment}</div>}
                </>
              ),
            }))}
          />
        </>
      )}
    </Modal>
  );
}
