import { DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../app/i18n';
import { customPeriod, type Period, type PeriodKind, periodOf } from '../app/period';

type Props = { value: Period; onChange: (p: Period) => void };

/** Year / quarter / month / custom range, always reported as inclusive ISO dates. */
export function PeriodPicker({ value, onChange }: Props) {
  const { t } = useI18n();
  const kinds: PeriodKind[] = ['year', 'quarter', 'month', 'custom'];
  const from = dayjs(value.from);

  return (
    <Space.Compact>
      <Select<PeriodKind>
        aria-label={t('period.kind')}
        value={value.kind}
        style={{ width: 96 }}
        options={kinds.map((k) => ({ value: k, label: t(`period.${k}`) }))}
        onChange={(k) => onChange(k === 'custom' ? { ...value, kind: 'custom' } : periodOf(k, from))}
      />
      {value.kind === 'custom' ? (
        <DatePicker.RangePicker
          aria-label={t('period.value')}
          allowClear={false}
          value={[dayjs(value.from), dayjs(value.to)]}
          placeholder={[t('period.from'), t('period.to')]}
          onChange={(r) => {
            if (r?.[0] && r[1]) onChange(customPeriod(r[0], r[1]));
          }}
        />
      ) : (
        <DatePicker
          aria-label={t('period.value')}
          picker={value.kind}
          allowClear={false}
          value={from}
          onChange={(d) => {
            if (d && value.kind !== 'custom') onChange(periodOf(value.kind, d));
          }}
        />
      )}
    </Space.Compact>
  );
}
