/**
 * What happened, as the writing module says it, for the modules that care. Recorded inside the
 * writing transaction; handled by the handlers the composition root registered (see
 * src/modules/event-handlers.ts). Add a kind here when a new module has news for others.
 */
export type DomainEvent =
  /** A need's own fields or status changed. */
  | { type: 'NeedChanged'; needId: string }
  /** A need was entered, or came back to OPEN from outside the matching (resumed, its helper released): it waits for a helper. */
  | { type: 'NeedOpened'; needId: string }
  /** Facts about a person changed (age, situation, household …). */
  | { type: 'PersonChanged'; personId: string }
  /** An elder gave or withdrew consent to share their needs. */
  | { type: 'SharingConsentChanged'; elderId: string }
  /** A county's priority weights changed: every need's priority there may move. */
  | { type: 'PriorityWeightsChanged'; countyId: string }
  /** A care agreement ended (by a party, an officer, or its notice running out). */
  | { type: 'AgreementEnded'; agreementId: string }
  /** A visit became VERIFIED (confirmed by the elder's side, or checked by a supervisor): it is paid on. */
  | { type: 'VisitVerified'; visitId: string };

export type DomainEventType = DomainEvent['type'];
