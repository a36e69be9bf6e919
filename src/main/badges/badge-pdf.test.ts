import { describe, expect, it } from 'vitest';
import { decodeQrFromPdf, pdfText } from '../../../tests/support/decode-qr';
import { BADGE_PAGE, renderBadgePdf, type BadgeContent, type BadgeSize } from './badge-pdf';

const content: BadgeContent = {
  name: 'Zoë Łukasiewicz Ó Briain-Lindqvist',
  company: 'Ångström Instruments',
  hostLine: 'Host: José Müller',
  dateLine: '22 November 2026',
  typeName: 'Contractor',
  typeColor: '#ea580c',
  siteName: 'Northwind Harbour Offices',
  qrText: 'GH1:6BFOXN*TS0BB.D8C$S5OA:7:47W5VZ8JVK$I7-N0LMB7DNDAF+1Q7N:-S.2V93Q6F6ZJCNQLYBEJ3F-M6',
};

describe.each<BadgeSize>(['cr80', 'label62'])('a %s badge', (size) => {
  it('is a one-page PDF of the badge size with every line of text on it', async () => {
    const pdf = await renderBadgePdf(content, size);
    const mediaBox = pdf.toString('latin1').match(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/);
    expect(mediaBox?.slice(1).map(Number)).toEqual(BADGE_PAGE[size]);
    // A long name may wrap onto a second line; compare without white space.
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    const text = squeeze(pdfText(pdf));
    for (const line of [content.name, content.company!, content.hostLine!, content.dateLine, 'CONTRACTOR']) {
      expect(text).toContain(squeeze(line));
    }
  });

  it('carries a QR code that scans back to the pass', async () => {
    const pdf = await renderBadgePdf(content, size);
    expect(decodeQrFromPdf(pdf)).toBe(content.qrText);
  });

  it('still prints when the photo cannot be read', async () => {
    const pdf = await renderBadgePdf({ ...content, photo: Buffer.from('not an image') }, size);
    expect(decodeQrFromPdf(pdf)).toBe(content.qrText);
  });
});

it('never breaks a name mid-word beside the photo ("Carl Cont / ractor", issue #20 item 10)', async () => {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(128);
  const photo = PNG.sync.write(png);
  for (const size of ['cr80', 'label62'] as const) {
    const pdf = await renderBadgePdf({ ...content, name: 'Carl Contractor', photo }, size);
    const words = pdfText(pdf).split(/\s+/);
    expect(words, size).toContain('Contractor');
    expect(words, size).toContain('Carl');
  }
});

it('places a real photo on the badge', async () => {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(128);
  const photo = PNG.sync.write(png);
  const withPhoto = await renderBadgePdf({ ...content, photo }, 'cr80');
  const without = await renderBadgePdf(content, 'cr80');
  expect(withPhoto.toString('latin1')).toContain('/Subtype /Image');
  expect(without.toString('latin1')).not.toContain('/Subtype /Image');
  expect(decodeQrFromPdf(withPhoto)).toBe(content.qrText);
});
