import dayjs, { type Dayjs } from 'dayjs';

export type PeriodKind = 'year' | 'quarter' | 'month' | 'custom';
export type Period = { kind: PeriodKind; from: string; to: string };

const ISO = 'YYYY-MM-DD';

function quarterStart(d: Dayjs): Dayjs {
  return d.month(Math.floor(d.month() / 3) * 3).startOf('month');
}

/** The period of `kind` containing `date`; `to` is the last day, inclusive. */
export function periodOf(kind: Exclude<PeriodKind, 'custom'>, date: Dayjs): Period {
  const start = kind === 'quarter' ? quarterStart(date) : date.startOf(kind);
  const end = kind === 'quarter' ? start.add(2, 'month').endOf('month') : date.endOf(kind);
  return { kind, from: start.format(ISO), to: end.format(ISO) };
}

export function customPeriod(from: Dayjs, to: Dayjs): Period {
  return { kind: 'custom', from: from.format(ISO), to: to.format(ISO) };
}

export function defaultPeriod(): Period {
  return periodOf('year', dayjs());
}

export function parsePeriod(kind: string | null, from: string | null, to: string | null): Period | null {
  const valid = ['year', 'quarter', 'month', 'custom'].includes(kind ?? '');
  if (!valid || !from || !to || !dayjs(from, ISO).isValid() || !dayjs(to, ISO).isValid()) return null;
  return { kind: kind as PeriodKind, from, to };
}
