import type { Normalizer } from './normalizer.ts';

// curl's progress meter (lib/progress.c): sizes as max5data prints them (12345, 9.8k, 123M),
// times as time2str does (--:--:--, 0:00:07, 5d 03h, 1234d).
const SIZE = String.raw`(?:\d{1,2}\.\d[kMGTP]|\d{1,4}[kMGTP]|\d{1,5})`;
const PERCENT = String.raw`\d{1,3}`;
const TIME = String.raw`(?:--:--:--|\d{1,2}:\d\d:\d\d|\d+d \d\dh|\d+d)`;
// The last column is five wide (right-aligned): a body that goes on right after a row keeps its first characters.
const ROW = ` *${PERCENT} +${SIZE} +${PERCENT} +${SIZE} +${PERCENT} +${SIZE} +${SIZE} +${SIZE} +${TIME} +${TIME} +${TIME} (?= {0,4}\\d)[ \\d.kMGTP]{5}`;
const HEADER = String.raw`^ *% Total +% Received +% Xferd +Average Speed +Time +Time +Time +Current\n +Dload +Upload +Total +Spent +Left +Speed\n`;

/**
 * The progress meter curl writes to stderr when its output is not a terminal (the runner's
 * never is): the two header lines and every row, each row starting (or ending) with `\r` as
 * curl redraws it. A row can come after part of the body (a large response is flushed in
 * parts), so rows are matched on their own too; the body around them stays compared.
 */
export const curlProgress: Normalizer = {
  name: 'curl-progress',
  placeholder: '',
  description: 'curl이 stderr에 찍는 진행 표시(받은 양·속도·시간 표)는 실행마다 달라 비교에서 뺐습니다 (transcript에는 남아 있습니다)',
  pattern: new RegExp(`${HEADER}(?:\\r?${ROW}\\r?)*\\n?|(?:\\r${ROW})+\\r?\\n?|(?:${ROW}\\r)+\\n?`, 'gm'),
};
