import type { NoteRecording } from '../../../src/lib/store/schema.ts';

/**
 * The second line of defence before a recording is written: every new or changed output is
 * scanned by the secret scanner (secretlint + our rules). The masker should have hidden any
 * credential; if one got through, the recording is refused and the block named.
 */
export async function credentialsIn(next: NoteRecording, before: NoteRecording): Promise<string[]> {
  // Loaded only when something is about to be written: secretlint is heavy to import.
  const { scanText, formatFinding } = await import('../../../src/lib/secrets/scan.ts');
  const problems: string[] = [];
  for (const [key, recording] of Object.entries(next.blocks)) {
    if (recording.kind !== 'run' || recording === before.blocks[key]) continue;
    const label = `${next.source} block ${key}`;
    const findings = [...(await scanText(recording.transcript, `${label} (transcript)`)), ...(await scanText(recording.normalized, `${label} (normalised)`))];
    if (findings.length) {
      problems.push(`not recorded: the output of ${key} holds what looks like a credential:\n${findings.map((f) => `    ${formatFinding(f)}`).join('\n')}\n  hint: declare it with secrets=NAME on the block (masked in every encoding), or add a normaliser; nothing was written`);
    }
  }
  return problems;
}
