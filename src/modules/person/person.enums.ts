import { registerLabelledEnum } from '../../common/labels.ts';
import { registerEnumType } from 'type-graphql';

export enum SelfCareLevel {
  INDEPENDENT = 'INDEPENDENT',
  PARTIAL = 'PARTIAL',
  DEPENDENT = 'DEPENDENT',
}

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}

export enum Residence {
  AT_HOME = 'AT_HOME',
  AWAY = 'AWAY',
}

export enum Disability {
  NONE = 'NONE',
  PHYSICAL = 'PHYSICAL',
  VISUAL = 'VISUAL',
  HEARING = 'HEARING',
  SPEECH = 'SPEECH',
  INTELLECTUAL = 'INTELLECTUAL',
  MENTAL = 'MENTAL',
  MULTIPLE = 'MULTIPLE',
}

/** Age from which a person counts as an elder (老年人权益保障法: 60). */
export const ELDER_AGE = 60;

registerLabelledEnum(SelfCareLevel, 'SelfCareLevel', 'Ability to look after oneself (自理能力).', {
  INDEPENDENT: ['自理', 'independent'],
  PARTIAL: ['半失能', 'partly dependent'],
  DEPENDENT: ['失能', 'dependent'],
});
registerEnumType(Gender, { name: 'Gender' });
registerEnumType(Residence, {
  name: 'Residence',
  description: 'Whether the person lives in the village or away (e.g. children working in a city).',
  valuesConfig: {
    AT_HOME: { description: '在村 lives in the village' },
    AWAY: { description: '外出 lives or works away' },
  },
});
registerEnumType(Disability, { name: 'Disability', description: 'Category of disability (残疾类别).' });
