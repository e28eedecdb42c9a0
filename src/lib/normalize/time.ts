import type { Normalizer } from './normalizer.ts';

export const timestamp: Normalizer = {
  name: 'timestamp',
  placeholder: '⟨time⟩',
  description: '날짜와 시각은 실행할 때마다 달라집니다',
  pattern: /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}(?: [A-Z]{2,5})?| [A-Z]{2,5})?/g,
};

export const httpDate: Normalizer = {
  name: 'http-date',
  placeholder: '⟨time⟩',
  description: '날짜와 시각은 실행할 때마다 달라집니다',
  pattern: /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (?:GMT|[+-]\d{4})/g,
};

export const date: Normalizer = {
  name: 'date',
  placeholder: '⟨date⟩',
  description: '날짜(예: kind가 불러온 이미지 이름의 import-날짜)는 실행한 날에 따라 달라집니다',
  pattern: /\b\d{4}-\d{2}-\d{2}\b/g,
};

/** `date` with no format, GNU's and BusyBox's alike: `Mon Dec  7 15:38:49 UTC 2026` (a one-digit day is space-padded). */
export const unixDate: Normalizer = {
  name: 'unix-date',
  placeholder: '⟨time⟩',
  description: '`date`가 찍은 날짜와 시각은 실행할 때마다 달라집니다',
  pattern: /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} (?:[A-Z]{2,5}|[+-]\d{2,4}) \d{4}\b/g,
};
