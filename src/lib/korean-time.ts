const FORMAT = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * A moment as a Korean reader expects it, in Korea's time whatever the build machine's zone:
 * "2026년 11월 25일 13:23 (KST)". Built from the formatter's parts, so the wording does not
 * depend on the ICU version's punctuation.
 */
export function koreanDateTime(iso: string): string {
  const parts = Object.fromEntries(FORMAT.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.year}년 ${parts.month} ${parts.day}일 ${parts.hour}:${parts.minute} (KST)`;
}
