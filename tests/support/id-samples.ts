// Real published ID document samples, as the standards print them (test data the project did not make).
//
// MRZ: the specimen documents of ICAO Doc 9303, Machine Readable Travel Documents, 8th edition (2021):
// Part 4 (TD3 passport, Appendix A), Part 5 (TD1 ID card, Appendix A) and Part 6 (TD2, Appendix A). All
// three were issued by the fictional state "Utopia" (UTO) to Anna Maria Eriksson, born 12 August 1974.
// AAMVA: the example barcode data of the AAMVA DL/ID Card Design Standard (2020), Annex D (a Virginia
// licence of Michael John Sample, born 6 June 1986), as reproduced by the public AAMVA parsers' tests.

export const MRZ_TD3 = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
];
export const MRZ_TD1 = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
];
export const MRZ_TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

/** The TD3 specimen with one character of the passport number misread: its check digit (6) fails. */
export const MRZ_TD3_BAD_CHECK_DIGIT = [MRZ_TD3[0]!, MRZ_TD3[1]!.replace('L898902C3', 'L898902C8')];

export const AAMVA_2020 =
  '@\n\x1e\rANSI 636000100002DL00410278ZV03190008DLDAQT64235789\nDCSSAMPLE\nDDEN\nDACMICHAEL\nDDFN\n' +
  'DADJOHN\nDDGN\nDCUJR\nDCAD\nDCBK\nDCDPH\nDBD06062019\nDBB06061986\nDBA12102024\nDBC1\nDAU068 in\n' +
  'DAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\nDAK232690000  \nDCF2424244747474786102204\n' +
  'DCGUSA\nDCK123456789\nDDAF\nDDB06062018\nDDC06062020\nDDD1\rZVZVA01\r';

/** The same standard's version 1 (CDS 2000) example: read wrongly by the parser, so refused. */
export const AAMVA_2000 =
  '@\n\x1e\rANSI 6360000102DL00390187ZV02260032DLDAQ0123456789ABC\nDAAPUBLIC,JOHN,Q\nDAG123 MAIN STREET\n' +
  'DAIANYTOWN\nDAJVA\nDAK123459999  \nDARDM  \nDAS          \nDAT     \nDAU509\nDAW175\nDAYBL \nDAZBR \n' +
  'DBA20011201\nDBB19761123\nDBCM\nDBD19961201\rZVZVAJURISDICTIONDEFINEDELEMENT\r';
