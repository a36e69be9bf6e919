/** Control characters never belong in a code or on a label: stray CR/LF, NUL padding, escape bytes.
 *  Environment-free. */
export function stripControlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '');
}

/**
 * The text of one scanned code: control characters removed, except the line breaks (CR, LF) and record
 * separators (RS) inside it, which carry structure — the lines of a passport's machine-readable zone, the
 * data elements of a driving licence's PDF417 barcode. Those at either end are framing, and trimmed.
 */
export function codeText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001d\u001f\u007f]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/^[\r\n\u001e]+|[\r\n\u001e]+$/g, '')
  );
}
