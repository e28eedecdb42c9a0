/** Every UI string of the site, in Korean, in one place. */
export const ko = {
  siteTitle: '쿠비아 노트',
  siteTagline: '쿠버네티스 인 액션 스터디 노트 — 모든 명령어를 실제로 실행하고, 출력 그대로 기록합니다.',
  notesByWeek: '주차별 노트',
  home: {
    how: '노트의 명령어 블록은 스크립트가 진짜 Docker 엔진과 kind 쿠버네티스 클러스터에서 실행하고, 출력된 그대로를 기록합니다. 각 명령어 아래에서 그 출력과 언제, 어떤 버전에서 실행했는지를 볼 수 있습니다. 스터디원의 질문에는 바로 아래 답을 달았습니다.',
    rss: 'RSS로 새 노트 받기',
  },
  week: (n: number) => `${n}주차`,
  chapter: (n: number) => `${n}장`,
  page: (p: number | string) => `p. ${p}`,
  citedPages: '인용한 책 쪽수',
  toc: '목차',
  original: '원본 노트',
  originalIntro: '스터디원이 처음 쓴 노트를 고치지 않고 그대로 옮겼습니다. 정리된 노트는',
  backToNote: '정리된 노트로 돌아가기',
  backToIndex: '모든 노트',
  themeToggle: '밝은/어두운 테마 바꾸기',
  themeLight: '밝게 보기',
  themeDark: '어둡게 보기',
  skipToContent: '본문으로 건너뛰기',
  rssTitle: '쿠비아 노트 새 노트',
  search: {
    open: '검색',
    label: '노트 검색',
    /** When Pagefind's files do not load: the built site has them, `astro dev` does not. */
    failed: '검색을 불러오지 못했습니다. 네트워크 연결을 확인하고 다시 시도해 주세요.',
    failedInDev: '검색 색인은 빌드한 사이트에만 있습니다: npm run build 후 npm run preview로 여세요. (개발 서버 npm run dev에는 색인이 없습니다.)',
    retry: '다시 시도',
    ui: {
      placeholder: '노트와 실제 출력에서 검색',
      clear_search: '지우기',
      load_more: '결과 더 보기',
      search_label: '이 사이트에서 검색',
      filters_label: '필터',
      zero_results: '[SEARCH_TERM]에 대한 결과가 없습니다',
      many_results: '[SEARCH_TERM]에 대한 결과 [COUNT]개',
      one_result: '[SEARCH_TERM]에 대한 결과 [COUNT]개',
      alt_search: '[SEARCH_TERM]에 대한 결과가 없어 [DIFFERENT_TERM]의 결과를 보여 줍니다',
      search_suggestion: '[SEARCH_TERM]에 대한 결과가 없습니다. 다른 검색어를 써 보세요:',
      searching: '[SEARCH_TERM] 검색 중…',
    },
  },
  notFoundTitle: '페이지를 찾을 수 없습니다',
  notFoundBody: '주소가 바뀌었거나 아직 없는 노트입니다. 아래에서 주차별 노트를 찾아 보세요.',
  callout: {
    question: '질문',
    answer: '답',
    note: '참고',
    caution: '주의',
    bookChange: '책과 달라진 점',
  },
  requires: '실행에 필요한 것',
  /** The note's front-matter aliases, shown once: every block of the note runs with them. */
  aliases: '이 노트의 별칭',
  /** The note page's box with the commands that run the note on the reader's machine (npm run follow). */
  follow: {
    title: '내 컴퓨터에서 따라 하기',
    intro: '이 사이트의 저장소를 받은 폴더에서 아래처럼 준비한 뒤(처음 한 번), 이 노트의 명령어를 내 Docker(와 kind 클러스터)에서 한 블록씩 실행하고, 내 출력을 기록된 출력과 나란히 봅니다. 기록은 바뀌지 않습니다.',
    keys: 'Enter 실행 · s 건너뛰기 · q 그만두기(정리는 함). 블록마다 같음 / 바뀌는 값만 다름 / 출력이 다름 / 명령이 깨짐으로 알려 주고, 끝에 내 버전과 기록의 버전을 나란히 보여 줍니다.',
  },
  verification: {
    blocks: (n: number) => `명령어 블록 ${n}개 실제 실행·검증`,
    /** Some recordings come from one run only: run, but not shown to reproduce. */
    partly: (n: number, single: number) => `명령어 블록 ${n}개 실제 실행 · ${single}개는 한 번만 실행됨(재현 확인 안 됨)`,
    at: '마지막 검증',
  },
  block: {
    file: '파일',
    command: '명령어',
    notRecorded: '아직 기록된 출력이 없습니다. `npm run verify-notes -- --update`로 기록하세요.',
    expectFail: '실패해야 하는 명령',
    background: '백그라운드',
    cleanup: '정리',
    copy: '복사',
    copyPlain: '코드 복사',
    copied: '복사됨',
  },
  /** A transcript block: the author's pasted output, folded under each command beside today's. */
  transcript: {
    pasted: '노트에 적힌 출력',
    pastedWhere: '노트를 쓴 사람의 컴퓨터에서, 노트를 쓸 때 본 출력입니다(실행해서 얻은 출력이 아닙니다).',
    diff: '오늘의 출력과 비교',
    same: '오늘의 출력과 같습니다.',
    notRun: '이 명령은 기록할 때 실행되지 않았습니다(앞 명령이 실패함).',
    prompt: '프롬프트',
  },
  /** Under an output: what became of the block on another environment (e.g. the newest versions). */
  freshness: {
    where: (name: string, versions: string) => `${name === 'latest' ? '최신 환경' : `환경 ${name}`}${versions ? `(${versions})` : ''}에서:`,
    verdict: (verdict: string) =>
      (({ passed: '같음', drift: '출력이 달라짐', rot: '명령이 깨짐', failed: '실패', stale: '기록이 낡아 비교하지 않음', unrecorded: '기록이 없어 비교하지 않음', 'not-run': '앞 블록이 실패해 실행되지 않음', skipped: '실행하지 않음' }) as Record<string, string>)[verdict] ?? verdict,
    showDiff: '차이 보기',
  },
  output: {
    label: '실제 출력',
    exitCode: (code: number) => `종료 코드 ${code}`,
    attempts: (n: number, ms: number) => `${n}번 시도, ${(ms / 1000).toFixed(1)}초`,
    empty: '(출력 없음)',
    /** Why an output is not stamped as verified: the note changed after it was recorded. */
    stale: (inputs: string[]) => `검증되지 않음: 기록한 뒤에 ${inputs.join(', ')}이(가) 바뀌었습니다. 이 출력은 노트의 이전 내용으로 실행한 것입니다.`,
    inconsistent: '검증되지 않음: 저장된 비교용 출력이 원래 출력과 맞지 않습니다(손으로 고쳤거나 정규화 규칙이 바뀜).',
    staleInput: (key: string, self: boolean) => (self ? '이 명령어' : key.startsWith('file:') ? `파일 ${key.slice(5)}` : `명령어 ${key}`),
    verified: '검증됨',
    /** Made from the note as it stands, by one run: no second run printed it again. */
    unreproduced: '한 번만 실행됨: 재현 확인 안 됨',
    unreproducedWhy: '기록할 때 노트를 한 번만 실행했습니다. 두 번 실행해 같은 출력이 나와야 "검증됨"으로 표시합니다.',
    masksSummary: (n: number) => `바뀌는 값 ${n}가지: 출력에는 점선 밑줄로, 비교할 때는 ⟨이름⟩으로 표시합니다`,
    /** The switch under an output that shows it as verify compares it. */
    comparison: '비교에 쓰는 형태 보기',
    /** In that view: a run of lines the comparison keeps as the output printed them. */
    sameLines: (from: number, count: number) => `⋯ 위 출력의 ${from}–${from + count - 1}번째 줄과 같음 (${count}줄) ⋯`,
    /** A marked value's name: what the comparison puts in its place, then why it changes. */
    volatile: (replacement: string, description: string) => `${replacement.trim() === '' ? '비교에서 뺌' : replacement.includes('\n') ? '비교할 때는 요약함' : replacement} — ${description}`,
  },
  /** "책과 달라진 점": the annotation's summary line and the page that lists them all. */
  changes: {
    title: '책과 달라진 점',
    link: '책과 달라진 점 모아 보기',
    intro: '책이 나온 뒤 도구와 버전이 바뀌어, 노트는 책의 명령어 일부를 지금 동작하는 형태로 바꿔 실행했습니다. 노트마다 바꾼 곳을 모았습니다: 책의 형태, 지금의 형태, 그리고 지금의 형태가 실제로 동작함을 보여 주는 명령어 블록과 그 검증 상태입니다.',
    count: (changes: number, notes: number) => `노트 ${notes}개에서 ${changes}곳`,
    none: '아직 책과 달라진 점을 적은 노트가 없습니다.',
    book: '책',
    now: '지금',
    proof: '보여 주는 블록',
    bookRun: '책의 명령 그대로',
    inNote: '노트에서 보기',
    block: (key: string) => `명령어 ${key}`,
    verified: '검증됨',
    /** How a block's recording stands, in a few words (currency.ts decides). */
    state: {
      stale: '검증되지 않음: 기록한 뒤에 노트가 바뀌었습니다',
      inconsistent: '검증되지 않음: 저장된 출력이 맞지 않습니다',
      missing: '아직 기록된 출력이 없습니다',
    },
    failsToday: (code: number) => `지금은 실패합니다(종료 코드 ${code})`,
    worksToday: '지금은 동작합니다(종료 코드 0)',
    latest: (name: string, verdict: string) => `${name === 'latest' ? '최신 환경' : `환경 ${name}`}에서: ${verdict}`,
  },
} as const;
