import { existsSync } from 'node:fs';

const DEBIAN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The Chromium Playwright should launch: $CHROMIUM_PATH, else a system Chromium (Debian's
 * /usr/bin/chromium), else undefined so that Playwright uses a browser it downloaded itself.
 */
export function chromiumExecutable(playwrightOwn: () => string): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.\n  hint: point it at a Chromium binary, or unset it to use /usr/bin/chromium`);
    return fromEnv;
  }
  const system = DEBIAN_PATHS.find((path) => existsSync(path));
  if (system) return system;
  let own = '';
  try {
    own = playwrightOwn();
  } catch {
    // Playwright throws when it has no browser of its own; fall through to the message below.
  }
  if (own && existsSync(own)) return undefined;
  throw new Error(
    'No Chromium found for the browser tests.\n' +
      '  hint: on Debian/Ubuntu `sudo apt-get install chromium fonts-noto-cjk`; elsewhere `npx playwright install chromium`;\n' +
      '        or set CHROMIUM_PATH to a Chromium/Chrome binary.',
  );
}
