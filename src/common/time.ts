/** Dates and times as the API carries them: `YYYY-MM-DD` and `HH:MM[:SS]`, in Asia/Shanghai. */
const SHANGHAI = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in China, where every county we serve lives. */
export function today(now: Date = new Date()): string {
  return SHANGHAI.format(now);
}

/** Minutes since midnight of `HH:MM` or `HH:MM:SS`. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

