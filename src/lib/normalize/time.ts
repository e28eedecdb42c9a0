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
