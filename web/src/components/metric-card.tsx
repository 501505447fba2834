import { Card, Statistic } from 'antd';

type Props = { label: string; value: number | undefined; unit?: string; loading?: boolean };

export function MetricCard({ label, value, unit, loading }: Props) {
  return (
    <Card size="small" loading={loading}>
      <Statistic title={label} value={value ?? 0} suffix={unit} />
    </Card>
  );
}
