import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, List, Progress, Statistic, Tag, Typography } from 'antd';
import type { MyVolunteerHours } from '../../api/types';
import { useDownload } from '../../components/use-paged';
import { useHoursText } from '../../features/volunteer-hours/messages';

const hours = (h: number) => h.toFixed(1);

/** My hours (tracked and hand-entered apart), my stars and badge, my certificates. */
export function MineTab({ data }: { data: MyVolunteerHours }) {
  const t = useHoursText();
  const next = data.nextLevelHours;
  const download = useDownload();
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex justify="space-between" align="center">
          <div>
            <div style={{ fontWeight: 600 }}>{data.volunteer.name}</div>
            <Typography.Text type="secondary">
              {t('vm.number')}：{data.volunteer.number}
            </Typography.Text>
          </div>
          <div role="img" aria-label={t('vm.badge', { n: data.starLevel })} style={{ fontSize: 22, color: '#b45309' }}>
            {data.starLevel > 0 ? '★'.repeat(data.starLevel) : '☆'}
          </div>
        </Flex>
        {next !== null && (
          <>
            <Progress percent={Math.min(100, Math.floor((data.totalHours / next) * 100))} showInfo={false} aria-label={t('vm.toNext', { h: next })} />
            <Typography.Text type="secondary">{t('vm.toNext', { h: next })}</Typography.Text>
          </>
        )}
      </Card>
      <Flex gap={8}>
        <Card size="small" style={{ flex: 1 }}>
          <Statistic title={t('vm.tracked')} value={hours(data.trackedHours)} suffix="h" />
        </Card>
        <Card size="small" style={{ flex: 1 }}>
          <Statistic title={t('vm.manual')} value={hours(data.manualHours)} suffix="h" />
        </Card>
        <Card size="small" style={{ flex: 1 }}>
          <Statistic title={t('vm.total')} value={hours(data.totalHours)} suffix="h" />
        </Card>
      </Flex>
      {data.stars.length > 0 && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('vm.stars')}</h2>}>
          <Flex gap={8} wrap>
            {data.stars.map((s) => (
              <Tag key={s.level} color={s.status === 'certified' ? 'gold' : 'default'}>
                {'★'.repeat(s.level)} {s.statusLabel}
                {s.status === 'in_notice' && s.noticeUntil ? ` ${t('vm.noticeUntil', { d: s.noticeUntil })}` : ''}
              </Tag>
            ))}
          </Flex>
        </Card>
      )}
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('vm.records')}</h2>}>
        <List
          size="small"
          dataSource={data.entries}
          locale={{ emptyText: t('vm.noRecords') }}
          renderItem={(e) => (
            <List.Item>
              <Flex vertical style={{ width: '100%' }}>
                <Flex justify="space-between">
                  <span>{e.activityTitle ?? e.orgName}</span>
                  <strong>{hours(e.hours)} h</strong>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.serviceDate} · <Tag color={e.source === 'tracked' ? 'blue' : 'purple'}>{e.sourceLabel}</Tag>
                  {e.flagLabel && <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffd591' }}>{e.flagLabel}</Tag>}
                  {e.reversesId && <Tag>{t('vm.reversal')}</Tag>}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('vm.certificates')}</h2>}>
        <List
          size="small"
          dataSource={data.certificates}
          locale={{ emptyText: t('vm.noCertificates') }}
          renderItem={(c) => (
            <List.Item
              actions={[
                <Button
                  key="pdf"
                  icon={<DownloadOutlined />}
                  aria-label={t('vm.downloadPdf')}
                  onClick={() => void download.run('/api/v1/self/volunteer-certificates/{id}/pdf', `${c.fields.number}.pdf`, { path: { id: c.id } })}
                />,
              ]}
            >
              <Flex vertical>
                <span>{c.fields.issuerName}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.fields.issuedOn} · {hours(c.fields.totalHours)} h · {c.fields.verifyCode}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}
