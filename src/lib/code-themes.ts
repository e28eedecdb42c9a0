/** Shiki themes of code and recorded output: GitHub's default pair, which meets WCAG AA contrast. */
export const CODE_THEMES = { light: 'github-light-default', dark: 'github-dark-default' } as const;
