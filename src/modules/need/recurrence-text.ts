import { RecurrenceKind } from './need.enums.ts';

const DAY_ZH = ['一', '二', '三', '四', '五', '六', '日'];

/** "每天", "每周一、三、五" or "2026-12-01", as a coordinator would write it. */
export function weekdaySummaryZh(kind: RecurrenceKind, weekdays: number[], startDate: string): string {
  if (kind === RecurrenceKind.DAILY) return '每天';
  if (kind === RecurrenceKind.ONCE) return startDate;
  return `每周${weekdays.map((day) => DAY_ZH[day - 1]).join('、')}`;
}
