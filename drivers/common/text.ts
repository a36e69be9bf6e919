/** Control characters never belong in a code or on a label: stray CR/LF, NUL padding, escape bytes.
 *  Environment-free. */
export function stripControlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '');
}
