// The league works on China's calendar: "today" is the date in Asia/Shanghai (UTC+8, no DST),
// so a cadre entering today's date at 07:00 in 衡阳 is not told it lies in the future.
const chinaOffsetMs = 8 * 3_600_000;

export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + chinaOffsetMs).toISOString().slice(0, 10);
}
