import { registerEnumType } from 'type-graphql';

export enum EntryChannel {
  APP = 'APP',
  PHONE = 'PHONE',
  PAPER_FORM = 'PAPER_FORM',
  HOME_VISIT = 'HOME_VISIT',
}

registerEnumType(EntryChannel, {
  name: 'EntryChannel',
  description: "How a record reached the platform; most are entered by someone on another's behalf.",
  valuesConfig: {
    APP: { description: 'Typed into an app by the person or their proxy' },
    PHONE: { description: 'Taken over the phone' },
    PAPER_FORM: { description: 'Copied from a paper form' },
    HOME_VISIT: { description: 'Recorded during a home visit' },
  },
});
