// fontkit ships no types; the PDF code needs only create() (a parsed font handed to pdfkit as is).
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
