export type Answer = 'run' | 'skip' | 'quit';

/** Keys of the prompt. In raw mode Ctrl-C is a byte, not a signal: it is handed on as one. */
const KEYS: Record<string, Answer | 'interrupt'> = { '\r': 'run', '\n': 'run', s: 'skip', S: 'skip', q: 'quit', Q: 'quit', '\x04': 'quit', '\x03': 'interrupt' };

/**
 * One answer from the terminal, a key at a time (no Enter needed for s or q). The terminal
 * is in raw mode only while the prompt waits: a running block's Ctrl-C is the terminal's own
 * SIGINT, as in any command. Other keys are ignored; the end of input is a quit.
 */
export function readAnswer(input: NodeJS.ReadStream, interrupt: () => void): Promise<Answer> {
  return new Promise((resolve) => {
    const done = (answer: Answer) => {
      input.off('data', onData);
      input.off('end', onEnd);
      if (input.isTTY) input.setRawMode(false);
      input.pause();
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        const key = KEYS[char];
        if (key === 'interrupt') {
          interrupt();
          return done('quit');
        }
        if (key) return done(key);
      }
    };
    const onEnd = () => done('quit');
    if (input.isTTY) input.setRawMode(true);
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
