// visits.details on a real demo station: what reception sees to decide on a visit (contact, photo, signed
// documents, the ID document's last characters, the timeline), refused to the kiosk's visitor and to a
// host asking about another host's visitor — refusals first.
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/shared/errors';
import { hostId, linkHostLogin, staff, typeId } from '../support/desk';
import { as, tempStation, type TestStation } from '../support/station';

let station: TestStation;
beforeEach(async () => {
  station = await tempStation({ preset: { kind: 'desk' } });
});
afterEach(() => station.dispose());

function photoPng(): string {
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(90);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/** A Contractor walk-in at the kiosk for Ana Ruiz, with photo, NDA, work permit and passport: it waits for approval. */
async function contractorWaiting() {
  const kiosk = station.client(as('visitor'));
  const visitorTypeId = typeId(station, 'Contractor');
  const { documents } = await kiosk.kiosk.documents({ visitorTypeId, language: 'en' });
  const answer = await kiosk.kiosk.checkIn({
    visitorTypeId,
    language: 'en',
    visitor: {
      name: 'Carl Contractor',
      company: 'Fix-It Ltd',
      email: 'carl@fixit.example',
      phone: '+44 20 7946 0000',
    },
    hostId: hostId(station, 'Ana Ruiz'),
    customFields: { work_permit: 'WP-77' },
    signatures: documents.map((d) => ({ documentId: d.id, typedName: 'Carl Contractor' })),
    photo: photoPng(),
    idDocumentKind: 'passport',
    idDocumentNumber: 'X1234567',
  });
  if (answer.outcome !== 'waiting_for_approval') throw new Error(answer.outcome);
  return answer.visitId;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: ApiError) => e,
  );

describe('visits.details refuses', () => {
  it("the kiosk's visitor role, saying nothing of the visit", async () => {
    const visitId = await contractorWaiting();
    const refused = await refusal(station.client(as('visitor')).visits.details({ visitId }));
    expect(refused?.code).toBe('forbidden');
    expect(JSON.stringify(refused)).not.toMatch(/Carl|fixit|X1234567/);
  });

  it("a host asking about another host's visitor; the host gets their own", async () => {
    const visitId = await contractorWaiting();
    const loginIsHost = (name: string) => {
      station.core.db.$client.prepare('UPDATE hosts SET staff_user_id = NULL').run();
      linkHostLogin(station, name);
    };
    loginIsHost('Jürgen Weiß');
    const other = await refusal(station.client(staff(station, 'host')).visits.details({ visitId }));
    expect(other?.code).toBe('forbidden');
    expect(other?.message).toBe('A host may see only their own visitors.');
    expect(JSON.stringify(other)).not.toMatch(/Carl|fixit/);

    loginIsHost('Ana Ruiz');
    const own = await station.client(staff(station, 'host')).visits.details({ visitId });
    expect(own.visitor.name).toBe('Carl Contractor');
  });

  it('an unknown visit as not found', async () => {
    const refused = await refusal(
      station.client(staff(station, 'reception')).visits.details({ visitId: 'no-such-visit' }),
    );
    expect(refused?.code).toBe('not_found');
  });
});

describe('visits.details for reception', () => {
  it('shows contact, photo, type, the NDA signed, the ID ending and the timeline with the approval', async () => {
    const visitId = await contractorWaiting();
    const desk = station.client(staff(station, 'reception'));
    const waiting = await desk.visits.details({ visitId });
    expect(waiting.visitor).toMatchObject({
      name: 'Carl Contractor',
      company: 'Fix-It Ltd',
      email: 'carl@fixit.example',
      phone: '+44 20 7946 0000',
    });
    expect(waiting.photo).toMatch(/^data:image\/png;base64,/);
    expect(waiting.visitorType?.names.en).toBe('Contractor');
    expect(waiting.documents).toEqual([
      expect.objectContaining({
        method: 'typed',
        titles: expect.objectContaining({ en: 'Confidentiality agreement' }),
      }),
    ]);
    expect(waiting.idDocument).toEqual({ kind: 'passport', last2: '67' });
    // The number itself is nowhere in the answer.
    expect(JSON.stringify(waiting)).not.toContain('X1234567');
    expect(waiting.timeline.map((e) => e.event)).toEqual(['made', 'expected']);

    await desk.visits.decide({ visitId, decision: 'approve', reason: 'permit checked' });
    const approved = await desk.visits.details({ visitId });
    expect(approved.timeline.at(-1)).toMatchObject({
      event: 'approved',
      actorName: expect.any(String),
      reason: 'permit checked',
    });
  });

  it('says plainly when nothing was signed, no ID was shown and no photo taken', async () => {
    const desk = station.client(staff(station, 'reception'));
    const visit = await desk.visits.register({
      visitor: { name: 'Nora Nothing' },
      hostId: hostId(station, 'Ana Ruiz'),
      visitorTypeId: typeId(station, 'Visitor'),
    });
    const details = await desk.visits.details({ visitId: visit.id });
    expect(details).toMatchObject({ photo: null, documents: [], idDocument: null });
    expect(details.visitor).toMatchObject({ company: null, email: null, phone: null });
  });
});
