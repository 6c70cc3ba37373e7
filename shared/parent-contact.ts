// Contact with parents (R-REP-7): why the parents were told and how, as the class desk, the
// letters and the risk list name them. Runs anywhere (the renderer too); the values are the
// ones migration 016 allows.

export const CONTACT_REASONS = ['failing', 'absence', 'other'] as const;
export type ContactReason = (typeof CONTACT_REASONS)[number];

export const CONTACT_WAYS = ['letter', 'phone', 'in_person', 'message', 'other'] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];

export const CONTACT_REASON_WORDS: Readonly<Record<ContactReason, string>> = {
  failing: 'неуспеваемость',
  absence: 'пропуски без уважительной причины',
  other: 'другое',
};

export const CONTACT_WAY_WORDS: Readonly<Record<ContactWay, string>> = {
  letter: 'письмо',
  phone: 'телефон',
  in_person: 'лично',
  message: 'сообщение',
  other: 'другое',
};

/** A notice to parents as the service returns it. */
export interface ParentNotice {
  readonly id: string;
  readonly studentId: string;
  readonly studentName: string;
  readonly classId: string;
  readonly className: string;
  readonly date: string;
  readonly reason: ContactReason;
  readonly way: ContactWay;
  readonly text: string;
  readonly answer: string;
  readonly answeredOn: string | null;
  readonly recordedBy: string;
  readonly withdrawn: boolean;
}
