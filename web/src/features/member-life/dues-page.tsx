import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, client, ok } from '../../api/client';
import type { ArrearsItem } from '../../api/types';
import { Can, useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { applyFieldError, ErrorAlert, errorMessage } from '../../components/api-error';
import { useMl, yuan } from './ml-i18n';

echarts.use([BarChart, AriaComponent, GridComponent, TooltipComponent, CanvasRenderer]);
const methods = ['cash', 'wechat', 'alipay', 'bank', 'other'] as const;

export function DuesPage() {
  const ml = useMl();
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const { orgId } = useScope();
  const qc = useQueryClient();
  const [payFor, setPayFor] = useState<ArrearsItem | null>(null);
  const [ledgerOf, setLedgerOf] = useState<string | null>(null);
  const [form] = Form.useForm();
  const [reverseForm] = Form.useForm();
  const [reversing, setReversing] = useState<number | null>(null);

  const branches = useQuery({
    queryKey: ['dues-branches', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/dues/arrears/by-branch', { params: { query: { orgId: orgId ?? undefined } } })),
  });
  const list = useQuery({
    queryKey: ['dues-arrears', orgId],
    enabled: orgId !== null,
    queryFn: () => ok(client.GET('/api/v1/dues/arrears', { params: { query: { orgId: orgId ?? undefined, limit: 500 } } })),
  });
  const ledger = useQuery({
    queryKey: ['dues-member', ledgerOf],
    queryFn: ledgerOf === null ? skipToken : () => ok(client.GET('/api/v1/members/{id}/dues', { params: { path: { id: ledgerOf } } })),
  });
  const refresh = () => qc.invalidateQueries({ predicate: (x) => String(x.queryKey[0]).startsWith('dues-') });
  const items = list.data?.items ?? [];
  const chartRows = (branches.data?.items ?? []).slice(0, 30);

  const remindAll = async () => {
    try {
      const res = await ok(client.POST('/api/v1/reminders/bulk', { body: { kind: 'dues', memberIds: items.map((i) => i.memberId) } }));
      message.success(ml('remindedCount', { n: res.created }));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const submitPay = async () => {
    if (!payFor) return;
    const v = await form.validateFields();
    try {
      await ok(
        client.POST('/api/v1/members/{id}/dues', {
          params: { path: { id: payFor.memberId } },
          body: {
            fromMonth: v.months[0].format('YYYY-MM'),
            toMonth: v.months[1].format('YYYY-MM'),
            amountFen: Math.round(v.amountYuan * 100),
            paidOn: v.paidOn.format('YYYY-MM-DD'),
            method: v.method,
          },
        }),
      );
      message.success(t('common.done'));
      setPayFor(null);
      void refresh();
    } catch (e) {
      applyFieldError(form, e);
      message.error(errorMessage(e));
    }
  };

  const submitReverse = async () => {
    if (reversing === null) return;
    const v = await reverseForm.validateFields();
    try {
      await ok(client.POST('/api/v1/dues/entries/{id}/reverse', { params: { path: { id: String(reversing) } }, body: { reason: v.reason } }));
      setReversing(null);
      reverseForm.resetFields();
      void refresh();
    } catch (e) {
      applyFieldError(reverseForm, e);
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <ErrorAlert error={branches.error ?? list.error} />
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('arrearsByBranch')}</h2>} size="small" style={{ marginBottom: 16 }}>
        <ReactEChartsCore
          echarts={echarts}
          style={{ height: 260 }}
          option={{
            aria: { enabled: true, label: { description: ml('arrearsByBranch') } },
            tooltip: { trigger: 'axis' },
            grid: { left: 40, right: 16, top: 16, bottom: 70 },
            xAxis: { type: 'category', data: chartRows.map((b) => b.orgName), axisLabel: { rotate: 30, interval: 0 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { name: ml('members'), type: 'bar', data: chartRows.map((b) => b.members), itemStyle: { color: '#d9d9d9' } },
              { name: ml('inArrears'), type: 'bar', data: chartRows.map((b) => b.inArrears), itemStyle: { color: '#c41d1d' } },
            ],
          }}
        />
      </Card>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('arrearsList')}</h2>}
        extra={
          <Space>
            <Can permission="member.write">
              <Button onClick={() => void remindAll()} disabled={items.length === 0}>
                {ml('remindAll')}
              </Button>
            </Can>
            <Button
              onClick={() =>
                void api.download('/api/v1/dues/arrears/export', 'arrears.xlsx', { query: { orgId } }).catch((e) => message.error(errorMessage(e)))
              }
            >
              {t('common.exportExcel')}
            </Button>
          </Space>
        }
      >
        <Table<ArrearsItem>
          rowKey="memberId"
          size="small"
          loading={list.isPending && orgId !== null}
          dataSource={items}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: ml('member'), dataIndex: 'name' },
            { title: ml('branch'), dataIndex: 'orgName' },
            { title: ml('standardYuan'), render: (_, r) => yuan(r.standardFen) },
            { title: ml('arrearsMonths'), dataIndex: 'arrearsMonths' },
            { title: ml('arrearsYuan'), render: (_, r) => yuan(r.arrearsFen) },
            {
              title: t('common.actions'),
              render: (_, r) => (
                <Space>
                  <Can permission="member.write">
                    <Button
                      size="small"
                      type="link"
                      onClick={() => {
                        setPayFor(r);
                        const start = dayjs().startOf('year');
                        form.setFieldsValue({ months: [start, dayjs()], amountYuan: (r.arrearsFen ?? 0) / 100 || 0.2, paidOn: dayjs(), method: 'cash' });
                      }}
                    >
                      {ml('pay')}
                    </Button>
                  </Can>
                  <Button size="small" type="link" onClick={() => setLedgerOf(r.memberId)}>
                    {ml('ledger')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={payFor !== null}
        title={`${ml('pay')} · ${payFor?.name ?? ''}`}
        onOk={() => void submitPay()}
        onCancel={() => setPayFor(null)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
      >
        <Form form={form} layout="vertical" name="dues-pay">
          <Form.Item name="months" label={`${ml('fromMonth')} – ${ml('toMonth')}`} rules={[{ required: true }]}>
            <DatePicker.RangePicker picker="month" />
          </Form.Item>
          <Form.Item name="amountYuan" label={ml('amountYuan')} rules={[{ required: true }]}>
            <InputNumber min={0.01} step={0.1} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="paidOn" label={ml('paidOn')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="method" label={ml('method')} rules={[{ required: true }]}>
            <Select options={methods.map((m) => ({ value: m, label: ml(`method.${m}`) }))} />
          </Form.Item>
        </Form>
      </Modal>

      <Drawer open={ledgerOf !== null} onClose={() => setLedgerOf(null)} title={`${ml('ledger')} · ${ledger.data?.name ?? ''}`} size="large">
        <ErrorAlert error={ledger.error} />
        {ledger.data && (
          <>
            <p>
              {ml('m.standard')}：{yuan(ledger.data.standardFen)} · {ml('m.arrears')}：{ledger.data.arrearsMonths.join('、') || ml('none')}
            </p>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={ledger.data.entries}
              columns={[
                { title: ml('fromMonth'), render: (_, e) => `${e.fromMonth} – ${e.toMonth}` },
                { title: ml('amountYuan'), render: (_, e) => yuan(e.amountFen) },
                { title: ml('paidOn'), dataIndex: 'paidOn' },
                { title: ml('method'), render: (_, e) => ml(`method.${e.method as (typeof methods)[number]}`) },
                { title: t('common.reason'), dataIndex: 'reason' },
                {
                  title: t('common.actions'),
                  render: (_, e) =>
                    e.reversed ? (
                      <Tag>{ml('reversed')}</Tag>
                    ) : e.amountFen > 0 && can('member.write') ? (
                      <Button size="small" type="link" danger onClick={() => setReversing(e.id)}>
                        {ml('reverse')}
                      </Button>
                    ) : null,
                },
              ]}
            />
          </>
        )}
      </Drawer>
      <Modal
        open={reversing !== null}
        title={ml('reverse')}
        onOk={() => void submitReverse()}
        onCancel={() => setReversing(null)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
      >
        <Form form={reverseForm} layout="vertical" name="dues-reverse">
          <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
