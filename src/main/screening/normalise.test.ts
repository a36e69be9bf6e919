import { describe, expect, it } from 'vitest';
import { foldName, nameTokens, normaliseIdNumber, spellingKey } from './normalise';

const keys = (name: string) => nameTokens(name).map((t) => t.key);

describe('name normalisation', () => {
  it('gives German, Nordic and Polish spellings one key', () => {
    expect(keys('Müller')).toEqual(keys('Mueller'));
    expect(keys('MULLER')).toEqual(keys('Müller'));
    expect(keys('Strauß')).toEqual(keys('Strauss'));
    expect(keys('Søren')).toEqual(keys('Soeren'));
    expect(keys('Søren')).toEqual(keys('Soren'));
    expect(keys('Åkesson')).toEqual(keys('Aakesson'));
    expect(keys('Łukasz')).toEqual(keys('Lukasz'));
    expect(keys('Stephan')).toEqual(keys('Stefan'));
    expect(keys('Smyth')).toEqual(keys('Smith'));
  });

  it('transliterates Cyrillic and Greek letters', () => {
    expect(foldName('Сергей Иванов')).toBe('sergey ivanov');
    expect(foldName('Δημήτρης Παπαδόπουλος')).toBe('dimitris papadopoulos');
    expect(keys('Сергей')).toEqual(keys('Sergey'));
  });

  it('splits on hyphens and dots, joins on apostrophes, drops titles and particles', () => {
    expect(nameTokens("Dr. Seán O'Brien-de la Cruz").map((t) => t.text)).toEqual(['sean', 'obrien', 'cruz']);
    expect(nameTokens('J.R.R. Tolkien').map((t) => t.text)).toEqual(['j', 'r', 'r', 'tolkien']);
    expect(nameTokens('Van').map((t) => t.text)).toEqual(['van']); // a name made only of a particle stays
    expect(nameTokens('  ')).toEqual([]);
    // The Arabic article written as the sun letter after it is dropped like al; "An" before N stays a name.
    expect(nameTokens('Tariq ash-Shami').map((t) => t.text)).toEqual(['tariq', 'shami']);
    expect(nameTokens('Ash Shami').map((t) => t.text)).toEqual(['shami']);
    expect(nameTokens('Nour ad-Din').map((t) => t.text)).toEqual(['nour', 'din']);
    expect(nameTokens('Ech-Chami').map((t) => t.text)).toEqual(['shami']);
    expect(nameTokens('An Nguyen').map((t) => t.text)).toEqual(['an', 'nguyen']);
  });

  it('keeps the written word for telling accents from spelling variants', () => {
    expect(nameTokens('Müller')[0]).toMatchObject({
      word: 'müller',
      text: 'muller',
      key: spellingKey('muller'),
    });
  });

  it('reduces ID numbers to upper-case letters and digits', () => {
    expect(normaliseIdNumber(' l01x-00t 47 ')).toBe('L01X00T47');
    expect(normaliseIdNumber('AB.123/456')).toBe('AB123456');
    expect(normaliseIdNumber('ÉÀ-12')).toBe('EA12');
  });
});
