/** Dates and times as the API carries them: `YYYY-MM-DD` and `HH:MM[:SS]`, in Asia/Shanghai. */
const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in China, where every county we serve lives. */
export function today(now: Date = new Date()): string {
  return SHANGHAI.format(now);
}

/** Minutes since midnight of `HH:MM` or `HH:MM:SS`. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The calendar year in China now: ages and "this year" are counted in Asia/Shanghai, like `today`. */
export function currentYear(now: Date = new Date()): number {
  return Number(today(now).slice(0, 4));
}

/** Age this calendar year (the platform keeps birth years, not birth dates). */
export function ageInYear(birthYear: number, year: number = currentYear()): number {
  return year - birthYear;
}

const DAY_MS = 86_400_000;

/**
 * Whole days waited since `since` (a moment, or a `YYYY-MM-DD` date taken as midnight in China),
 * never negative. The one rule for "days unmet": the need's field, its priority, the matching
 * input and the public feed all count with it.
 */
export function daysWaited(since: Date | string | null, now: Date = new Date()): number {
  if (since === null) return 0;
  const start =
    typeof since === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(since)
      ? new Date(`${since}T00:00:00+08:00`)
      : new Date(since);
  return Math.max(Math.floor((now.getTime() - start.getTime()) / DAY_MS), 0);
}
