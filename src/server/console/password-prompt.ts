// The password of `add-admin`, never from the command line (ps and the shell history would show it): at
// a terminal it is asked for twice without echo; piped, it is the first line of stdin.
import { createInterface } from 'node:readline';

/** One line typed at the terminal without echo (Ctrl-C aborts). */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('Cancelled; nothing was changed.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of piped stdin (without its line ending). */
function firstLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: process.stdin });
    let got: string | undefined;
    lines.once('line', (line) => {
      got = line;
      lines.close();
    });
    lines.once('close', () =>
      got === undefined
        ? reject(
            new Error('No password on stdin: pipe it as the first line, or run add-admin at a terminal.'),
          )
        : resolve(got),
    );
  });
}

export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLine();
  const password = await askHidden('Password for the console administrator: ');
  if ((await askHidden('The same password again: ')) !== password)
    throw new Error('The two passwords differ; nothing was changed.');
  return password;
}
