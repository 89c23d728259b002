import { registerLabelledEnum } from '../common/labels.ts';

export enum EntryChannel {
  APP = 'APP',
  PHONE = 'PHONE',
  PAPER_FORM = 'PAPER_FORM',
  HOME_VISIT = 'HOME_VISIT',
}

registerLabelledEnum(
  EntryChannel,
  'EntryChannel',
  "How a record reached the platform; most are entered by someone on another's behalf.",
  {
    APP: ['手机/网页录入', 'typed into an app by the person or their proxy'],
    PHONE: ['电话', 'taken over the phone'],
    PAPER_FORM: ['纸质表格', 'copied from a paper form'],
    HOME_VISIT: ['入户走访', 'recorded during a home visit'],
  },
);
