// Romanisations of one name that spelling rules cannot bring together: the Korean family names as spelt by
// Revised Romanisation, McCune-Reischauer and in passports (이 I, Yi, Lee, Rhee; 박 Bak, Pak, Park), the
// Chinese family names in pinyin, Wade-Giles, Cantonese (Hong Kong) and Hokkien (Singapore, Malaysia,
// Philippines) spellings (陳 Chen, Ch'en, Chan, Tan; 黃 Huang, Wong, Ng), and Taiwanese given names in
// Wade-Giles (Chun-chieh is pinyin Junjie, Chih-hao is Zhihao). Tables written down from the published
// romanisation systems and the spellings the governments' passport offices use; see
// docs/passes-and-screening.md. normalise.ts gives every name word the alternatives found here.
import anyAscii from 'any-ascii';

/**
 * Korean family names: the name in Hangul (its any-ascii reading is added), its Revised Romanisation, then
 * McCune-Reischauer and the spellings common in passports. The initial-sound rule (두음법칙) gives the
 * forms before it (리 Rhee, 림 Rim, 량 Ryang, 로 Roh, 라 Ra, 류 Ryu: North Korea, and many spellings in the
 * South) and after it (이 Yi, 임 Im, 양 Yang, 노 No, 나 Na, 유 Yu) are one name; both are listed.
 */
const KOREAN_SURNAMES = `
김 gim kim ghim
이 i yi lee rhee rhie ri li rhi
박 bak bag park pak bahk
최 choe choi choy
정 jeong jung chung cheong jeung
강 gang kang
조 jo cho joh
윤 yun yoon youn
장 jang chang
임 im lim rim
한 han hahn
오 o oh
서 seo suh
신 sin shin
권 gwon kwon kweon
황 hwang whang
안 an ahn
류 ryu yu yoo you ryoo lyu
전 jeon jun chun jeun
고 go ko koh
문 mun moon
양 yang ryang lyang
손 son sohn
배 bae pae bai
백 baek baeg paek paik baik
허 heo hur huh
남 nam
심 sim shim
노 no noh roh ro rho lo
하 ha hah
곽 gwak gwag kwak
성 seong sung seung
주 ju joo
우 u woo
구 gu koo ku
지 ji jee chi
진 jin chin
엄 eom um uhm eum
천 cheon chun chon
방 bang pang
공 gong kong
현 hyeon hyun
변 byeon byun pyun pyon
염 yeom yum youm
석 seok seog suk
추 chu choo
설 seol sul
길 gil kil
명 myeong myung
기 gi ki kee
나 na ra la
맹 maeng maing
경 gyeong kyung kyoung
마 ma
태 tae tai
은 eun un
봉 bong pong
편 pyeon pyun
용 yong ryong
`;

/**
 * Chinese family names: pinyin first, then Wade-Giles (apostrophes dropped, as in most passports), the
 * Cantonese spellings of Hong Kong and Macau, and the Hokkien and Teochew spellings of South-East Asia.
 */
const CHINESE_SURNAMES = `
wang wong ong
li lee lei
zhang chang cheung chong teo
liu lau lew lao
chen chan tan chin
yang yeung yong
huang hwang wong ng oei
zhao chao chiu chew
wu woo ng goh
zhou chou chow chau
xu hsu hui tsui koh
sun suen soon
ma mah
zhu chu chu choo
hu hoo
guo kuo kwok
he ho hoh
gao kao ko
lin lam lim
luo lo law loh
zheng cheng cheang teh
liang leung neo
xie hsieh tse cheah chia
song sung soong
tang tong
han hon
feng fung
deng teng tang
cao tsao tso
peng pang phang
zeng tseng tsang
xiao hsiao siu
tian tien tin
dong tung
pan poon phoon
yuan yuen
cai tsai choi chua
jiang chiang keung kiang kong
yu yue yee
du tu to
ye yeh yip ip
wei ngai
su soo so
lu lo loo luk
ding ting
shen shum sim
ren jen yam
yao yiu
fang fong
shi shih sze
zou tsou chow
xiong hsiung hung
jin chin kam
kong kung hung
bai pai pak
cui tsui
qiu chiu yau hew khoo
gu ku koo
hou hau
shao siu
long lung
duan tuan tuen
lei lui
qian chien chin
qiao chiao kiu
gong kung
`;

const groupsOf = new Map<string, Set<string>>();
function addGroup(words: string[]): void {
  for (const word of words) {
    const group = groupsOf.get(word) ?? new Set<string>();
    for (const other of words) if (other !== word) group.add(other);
    groupsOf.set(word, group);
  }
}
for (const line of KOREAN_SURNAMES.trim().split('\n')) {
  const [hangul, ...spellings] = line.split(' ');
  addGroup([...new Set([anyAscii(hangul!).toLowerCase(), ...spellings])]);
}
for (const line of CHINESE_SURNAMES.trim().split('\n')) addGroup([...new Set(line.split(' '))]);

/** Other romanisations of a family name (folded text): "lee" → yi, rhee, li…; "wong" → huang, wang… */
export function surnameRomanisations(text: string): readonly string[] {
  const group = groupsOf.get(text);
  return group ? [...group] : [];
}

/** A Wade-Giles syllable, apostrophes and umlauts already dropped: initial and final. */
const WADE_GILES =
  /^(ch|hs|ts|tz|sh|ss|sz|[bcdfghjklmnpstwy])?(a|ai|an|ang|ao|e|eh|ei|en|eng|erh|i|ia|iang|iao|ieh|ien|ih|in|ing|iu|iung|o|ou|u|ua|uai|uan|uang|ueh|ui|un|ung|uo)$/;

/**
 * The pinyin a Wade-Giles syllable can stand for ("chieh" → jie, qie; "hsiung" → xiong). Wade-Giles marks
 * aspiration with an apostrophe (ch/ch', k/k', t/t', p/p', ts/ts') that passports leave out, so both are
 * given; ü written u stands for both u and ü. Empty when the word is not a Wade-Giles syllable.
 */
export function wadeGilesToPinyin(syllable: string): string[] {
  const m = WADE_GILES.exec(syllable);
  if (!m) return [];
  const initial = m[1] ?? '';
  let final = m[2]!;
  const front = /^(?:i|u)/.test(final); // i and ü (written u) make ch, ts, hs the palatal j, q, x
  let initials: string[];
  switch (initial) {
    case 'ch':
      initials = front ? ['j', 'q', 'zh', 'ch'] : ['zh', 'ch'];
      break;
    case 'hs':
      initials = ['x'];
      break;
    case 'ts':
    case 'tz':
      initials = ['z', 'c'];
      break;
    case 'ss':
    case 'sz':
      initials = ['s'];
      break;
    case 'k':
      initials = ['g', 'k'];
      break;
    case 't':
      initials = ['d', 't'];
      break;
    case 'p':
      initials = ['b', 'p'];
      break;
    case 'j':
      initials = ['r'];
      break;
    default:
      initials = [initial];
  }
  const finals = new Set<string>();
  if (final === 'ih' || (final === 'u' && ['ts', 'tz', 'ss', 'sz'].includes(initial))) final = 'i';
  final = final
    .replace(/^ieh$/, 'ie')
    .replace(/^ueh$/, 'ue')
    .replace(/^ien$/, 'ian')
    .replace(/^erh$/, 'er')
    .replace(/ung$/, 'ong');
  finals.add(final);
  // ko, k'o, ho are ge, ke, he; yu is you (yü is yu); wen, weng stay.
  if (final === 'o' && ['k', 'h'].includes(initial)) finals.add('e');
  const out: string[] = [];
  for (const i of initials)
    for (const f of finals) {
      if (i === 'y')
        out.push(f === 'u' ? 'you' : f === 'en' ? 'yan' : f === 'eh' ? 'ye' : /^i/.test(f) ? f : `y${f}`);
      else if (i === '') out.push(f === 'i' ? 'yi' : f);
      else out.push(i + f);
    }
  // Most Taiwanese and Hong Kong passports write ü as u: yu stays yu too.
  if (initial === 'y' && final === 'u') out.push('yu');
  return [...new Set(out)];
}

/** The pinyin of two Wade-Giles syllables written as a hyphenated given name (Chun-chieh → junjie…). */
export function wadeGilesName(first: string, second: string): string[] {
  const a = wadeGilesToPinyin(first);
  const b = a.length > 0 ? wadeGilesToPinyin(second) : [];
  return a.flatMap((x) => b.map((y) => x + y));
}
