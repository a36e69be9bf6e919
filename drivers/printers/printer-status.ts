// What a label printer says about itself before a job is sent: Brother QL answers ESC i S (1B 69 53) with a
// 32-byte status block, a Zebra answers ~HS with three STX…ETX strings. Both come down to the same few
// problems a person at the desk can fix (load labels, close the cover, resume the printer).
import { PRINTER_PROBLEMS, type PrinterProblem } from '../../src/shared/devices';
import { queryRaw, type RawTcpTarget } from './raw-tcp';

export { PRINTER_PROBLEMS, type PrinterProblem };

export class PrinterStatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrinterStatusError';
  }
}

/** Brother QL status request: invalidate, initialise, ESC i S. */
export const BROTHER_QL_STATUS_REQUEST = Uint8Array.from([
  ...new Array<number>(200).fill(0x00),
  0x1b,
  0x40,
  0x1b,
  0x69,
  0x53,
]);
export const BROTHER_QL_STATUS_LENGTH = 32;

// Error information 1 (byte 8) and 2 (byte 9) of the Brother QL status block.
const QL_ERROR_1: Record<number, PrinterProblem> = {
  0x01: 'no_media',
  0x02: 'no_media', // end of media
  0x04: 'error', // cutter jam
  0x10: 'paused', // printer in use
  0x20: 'paused', // turned off
  0x80: 'error', // fan motor
};
const QL_ERROR_2: Record<number, PrinterProblem> = {
  0x01: 'no_media', // replace media
  0x10: 'cover_open',
  0x20: 'error', // overheating
  0x40: 'no_media', // media cannot be fed
  0x80: 'error', // system error
};

/** Problems reported in a Brother QL status block (empty: ready). */
export function parseBrotherQlStatus(block: Uint8Array): PrinterProblem[] {
  if (block.length !== BROTHER_QL_STATUS_LENGTH)
    throw new PrinterStatusError(`a Brother QL status block has 32 bytes, got ${block.length}`);
  // Print head mark 0x80, size 0x20, 'B', series code '0' or '4'.
  if (block[0] !== 0x80 || block[1] !== 0x20 || block[2] !== 0x42)
    throw new PrinterStatusError('not a Brother QL status block (bad header)');
  const problems = new Set<PrinterProblem>();
  for (const [bits, table] of [
    [block[8]!, QL_ERROR_1],
    [block[9]!, QL_ERROR_2],
  ] as const) {
    for (const [bit, problem] of Object.entries(table)) if (bits & Number(bit)) problems.add(problem);
  }
  // Status type 0x02: "error occurred" even when no error bit is one we know.
  if (block[18] === 0x02 && problems.size === 0) problems.add('error');
  return PRINTER_PROBLEMS.filter((p) => problems.has(p));
}

/** The status block a QL-820NWB with 62 mm continuous tape sends (the simulator's answer). */
export function brotherQlStatusBlock(problems: readonly PrinterProblem[]): Uint8Array {
  const block = new Uint8Array(BROTHER_QL_STATUS_LENGTH);
  block.set([0x80, 0x20, 0x42, 0x34, 0x41, 0x30, 0x00, 0x00]);
  if (problems.includes('no_media')) block[8]! |= 0x01;
  if (problems.includes('paused')) block[8]! |= 0x10;
  if (problems.includes('cover_open')) block[9]! |= 0x10;
  if (problems.includes('error')) block[9]! |= 0x80;
  block[10] = problems.includes('no_media') ? 0 : 62; // media width (mm)
  block[11] = problems.includes('no_media') ? 0 : 0x0a; // continuous tape
  block[18] = problems.length ? 0x02 : 0x00; // error occurred | reply to status request
  return block;
}

/** Zebra host status request. */
export const ZEBRA_HOST_STATUS_REQUEST = '~HS';

const STX = '\x02';
const ETX = '\x03';

/** The STX…ETX strings in `text`, in order (an unterminated last one is left out). */
function framedStrings(text: string): string[] {
  return text
    .split(STX)
    .slice(1)
    .filter((part) => part.includes(ETX))
    .map((part) => part.slice(0, part.indexOf(ETX)));
}

/** True once `text` holds the three STX…ETX strings of a ~HS answer. */
export function zebraHostStatusComplete(text: string): boolean {
  return framedStrings(text).length >= 3;
}

/**
 * Problems in a ~HS answer. String 1 `aaa,b,c,dddd,…`: b paper out, c paused. String 2 `mmm,n,o,p,…`:
 * o head (cover) open, p ribbon out.
 */
export function parseZebraHostStatus(text: string): PrinterProblem[] {
  const strings = framedStrings(text).map((s) => s.split(','));
  const [first, second] = strings;
  if (strings.length < 3 || !first || !second || first.length < 3 || second.length < 4)
    throw new PrinterStatusError('not a Zebra host status answer (three STX…ETX strings expected)');
  const flag = (value: string | undefined) => value?.trim() === '1';
  const problems: PrinterProblem[] = [];
  if (flag(first[1]) || flag(second[3])) problems.push('no_media');
  if (flag(second[2])) problems.push('cover_open');
  if (flag(first[2])) problems.push('paused');
  return problems;
}

/** The ~HS answer of a ZD420 loaded with 431-dot labels (the simulator's answer). */
export function zebraHostStatus(problems: readonly PrinterProblem[]): string {
  const bit = (problem: PrinterProblem) => (problems.includes(problem) ? '1' : '0');
  return [
    `030,${bit('no_media')},${bit('paused')},0431,000,0,0,0,000,0,0,0`,
    `000,0,${bit('cover_open')},0,0,2,6,0,00000000,1,000`,
    '1234,0',
  ]
    .map((s) => `${STX}${s}${ETX}\r\n`)
    .join('');
}

/** Asks a network label printer for its status: [] when ready, else what stops it printing. */
export async function queryPrinterStatus(
  language: 'zpl' | 'brother-ql',
  target: RawTcpTarget,
): Promise<PrinterProblem[]> {
  if (language === 'zpl') {
    const answer = await queryRaw(target, ZEBRA_HOST_STATUS_REQUEST, (a) =>
      zebraHostStatusComplete(a.toString('latin1')),
    );
    return parseZebraHostStatus(answer.toString('latin1'));
  }
  const answer = await queryRaw(
    target,
    BROTHER_QL_STATUS_REQUEST,
    (a) => a.length >= BROTHER_QL_STATUS_LENGTH,
  );
  return parseBrotherQlStatus(answer.subarray(0, BROTHER_QL_STATUS_LENGTH));
}
