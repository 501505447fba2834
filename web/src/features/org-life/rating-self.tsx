import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api, client, ok } from '../../api/client';
import type { Rating } from '../../api/types';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { OrgTreeSelect } from '../../components/org-tree-select';
import { useOl } from './ol-i18n';

export function useRatingMeta() {
  return useQuery({ queryKey: ['rating-meta'], queryFn: () => ok(client.GET('/api/v1/ratings/meta')) });
}

type Values = { scores: Record<string, number | undefined>; evidence: Record<string, string | undefined>; vetoes: string[] };

/** The branch's self-rating: declared indicators with evidence; data indicators come from records. */
export function RatingSelf() {
  const ol = useOl();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [picked, setBranch] = useState<number | null>(null);
  const branch = picked ?? orgId;
  const [year, setYear] = useState(thisYear - 1);
  const [form] = Form.useForm<Values>();
  const meta = useRatingMeta().data;
  const current = useQuery({
    queryKey: ['ratings', 'self', branch, year],
    queryFn: branch === null ? skipToken : () => ok(client.GET('/api/v1/ratings', { params: { query: { orgId: branch, year } } })),
  });
  const rating: Rating | undefined = current.data?.items.find((r) => r.orgId === branch);
  const editable = !rating || rating.state === 'draft' || rating.state === 'returned';
  const declarable = (meta?.indicators ?? []).filter((i) => i.source !== 'data');

  useEffect(() => {
    form.setFieldsValue({
      scores: Object.fromEntries(declarable.map((i) => [i.key, rating?.indicators.find((x) => x.key === i.key)?.score])),
      evidence: Object.fromEntries(declarable.map((i) => [i.key, rating?.indicators.find((x) => x.key === i.key)?.evidence ?? undefined])),
      vetoes: rating?.vetoes.map((v) => v.key).filter((k) => k !== 'no_meetings') ?? [],
    });
  }, [rating, form, declarable]);

  const refresh = () => qc.invalidateQueries({ queryKey: ['ratings'] });
  const save = async () => {
    if (branch === null) return;
    const v = await form.validateFields();
    try {
      await ok(
        client.POST('/api/v1/ratings', {
          body: {
            orgId: branch,
            year,
            declared: declarable.map((i) => ({ key: i.key, score: v.scores?.[i.key] ?? 0, evidence: v.evidence?.[i.key] ?? null })),
            vetoes: v.vetoes ?? [],
          },
        }),
      );
      message.success(ol('rt.saved'));
      void refresh();
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    }
  };
  const submit = async () => {
    if (!rating) return;
    try {
      await ok(client.POST('/api/v1/ratings/{id}/submit', { params: { path: { id: rating.id } } }));
      void refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgTreeSelect aria-label={ol('rt.pickBranch')} placeholder={ol('rt.pickBranch')} value={branch} onChange={setBranch} style={{ width: 280 }} />
        <Select
          aria-label={ol('rt.year')}
          value={year}
          onChange={setYear}
          style={{ width: 110 }}
          options={[0, 1, 2].map((k) => ({ value: thisYear - k, label: String(thisYear - k) }))}
        />
      </Space>
      <ErrorAlert error={current.error} />
      {rating && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Descriptions size="small" column={{ xs: 1, md: 4 }}>
            <Descriptions.Item label={ol('rt.state')}>
              <Tag>{rating.stateLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={ol('rt.selfScore')}>{rating.selfScore}</Descriptions.Item>
            <Descriptions.Item label={ol('rt.grade')}>{rating.finalGradeLabel ?? rating.selfGradeLabel}</Descriptions.Item>
            <Descriptions.Item label={ol('rt.comment')}>{rating.reviewComment ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={rating.indicators}
            columns={[
              { key: 'label', title: ol('rt.indicator'), dataIndex: 'label' },
              { key: 'max', title: ol('rt.max'), dataIndex: 'max', width: 70 },
              { key: 'score', title: ol('rt.score'), dataIndex: 'score', width: 70 },
              { key: 'source', title: ol('rt.source'), width: 110, render: (_, r) => (r.source === 'data' ? ol('rt.data') : ol('rt.declared')) },
              { key: 'detail', title: ol('rt.evidence'), render: (_, r) => r.detail ?? r.evidence ?? '' },
            ]}
          />
          {editable && (
            <Space style={{ marginTop: 12 }}>
              <Upload
                showUploadList={false}
                accept=".pdf,.png,.jpg,.jpeg,.docx"
                beforeUpload={(f) => {
                  api
                    .upload('/api/v1/ratings/{id}/files', f, { path: { id: rating.id } })
                    .then(() => message.success(ol('ol.upload')))
                    .catch((e: unknown) => message.error(errorMessage(e)));
                  return false;
                }}
              >
                <Button>{ol('ol.upload')}</Button>
              </Upload>
              <Button type="primary" onClick={() => void submit()}>
                {ol('rt.submit')}
              </Button>
            </Space>
          )}
        </Card>
      )}
      {editable && branch !== null && (
        <Form form={form} layout="vertical" onFinish={() => void save()}>
          {declarable.map((i) => (
            <Space key={i.key} align="start" wrap>
              <Form.Item name={['scores', i.key]} label={`${i.label}（${i.max}）`} style={{ width: 260 }}>
                <InputNumber min={0} max={i.max} precision={0} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name={['evidence', i.key]} label={`${ol('rt.evidence')}：${i.label}`} style={{ width: 420 }}>
                <Input maxLength={2000} />
              </Form.Item>
            </Space>
          ))}
          <Form.Item name="vetoes" label={ol('rt.vetoes')}>
            <Checkbox.Group options={(meta?.vetoes ?? []).filter((v) => v.value !== 'no_meetings')} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {ol('rt.save')}
          </Button>
        </Form>
      )}
    </>
  );
}
