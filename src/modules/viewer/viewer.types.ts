import { Field, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/labels.ts';
import { Role } from '../../auth/role.ts';
import { Person } from '../person/person.entity.ts';
import { Region } from '../region/region.entity.ts';

@ObjectType({ description: 'Who the token belongs to and what it may do.' })
export class ViewerInfo {
  @Field(() => String, { description: "The token's subject." })
  subject: string;

  @Field(() => Role)
  role: Role;

  @Field(() => Region, {
    nullable: true,
    description: 'Root of the region subtree the token is bound to; null for ADMIN (everywhere).',
  })
  region: Region | null;

  @Field(() => Person, { nullable: true, description: 'The person the token speaks for, if any.' })
  person: Person | null;

  @Field(() => Boolean, {
    description:
      'Whether this token may register and change people, ties and organisations in its region. For everything a front end offers (a family proxy may enter needs without it), read `capabilities`.',
  })
  canWrite: boolean;

  @Field(() => Boolean, { description: 'Whether sensitive fields (marked @sensitive) are readable in its region.' })
  canReadSensitive: boolean;

  @Field(() => [ViewerCapability], {
    description:
      'Every action a front end may offer, with its scope: REGION, TIED_ELDERS (a family proxy: elders tied to them), OWN (a helper: their own capacity) or NONE. The server checks each write again.',
  })
  capabilities: ViewerCapability[];
}

/** Something a front end offers or hides. */
export enum ViewerAction {
  ENTER_NEEDS = 'ENTER_NEEDS',
  CHANGE_NEEDS = 'CHANGE_NEEDS',
  REGISTER_PEOPLE = 'REGISTER_PEOPLE',
  CHANGE_TIES = 'CHANGE_TIES',
  MANAGE_ORGANISATIONS = 'MANAGE_ORGANISATIONS',
  SET_CAPACITY = 'SET_CAPACITY',
  START_RUNS = 'START_RUNS',
  DECIDE_PROPOSALS = 'DECIDE_PROPOSALS',
  CHANGE_COUNTY_POLICY = 'CHANGE_COUNTY_POLICY',
  READ_SENSITIVE = 'READ_SENSITIVE',
  FILE_COMPLAINTS = 'FILE_COMPLAINTS',
  HANDLE_COMPLAINTS = 'HANDLE_COMPLAINTS',
  RULE_ON_COMPLAINTS = 'RULE_ON_COMPLAINTS',
  REVIEW_SUSPENSIONS = 'REVIEW_SUSPENSIONS',
  CORRECT_CREDIT = 'CORRECT_CREDIT',
}

/** For whom or where the viewer may do it. */
export enum CapabilityScope {
  REGION = 'REGION',
  TIED_ELDERS = 'TIED_ELDERS',
  OWN = 'OWN',
  NONE = 'NONE',
}

registerLabelledEnum(ViewerAction, 'ViewerAction', 'Something a front end offers or hides.', {
  ENTER_NEEDS: ['录入需求', 'enter needs'],
  CHANGE_NEEDS: ['修改需求', 'change needs (and pause, resume, close, cancel)'],
  REGISTER_PEOPLE: ['登记人员', 'register and change people'],
  CHANGE_TIES: ['维护亲邻关系', 'add and remove ties'],
  MANAGE_ORGANISATIONS: ['管理组织', 'create organisations and their members'],
  SET_CAPACITY: ['登记服务能力', "set a helper's capacity"],
  START_RUNS: ['发起匹配', 'start match runs'],
  DECIDE_PROPOSALS: ['确认或改派推荐', 'confirm, reject or reassign proposals, release assignments'],
  CHANGE_COUNTY_POLICY: [
    '调整县级政策',
    "change the county's priority weights, matching policy and mediation deadlines",
  ],
  READ_SENSITIVE: ['查看敏感信息', 'read sensitive fields'],
  FILE_COMPLAINTS: ['投诉', 'file a complaint'],
  HANDLE_COMPLAINTS: ['受理和调解投诉', 'acknowledge, mediate, resolve and escalate complaints'],
  RULE_ON_COMPLAINTS: ['仲裁裁决', 'rule on complaints escalated to the arbitration court'],
  REVIEW_SUSPENSIONS: ['复核暂停推荐', "review a helper's suspension after an upheld serious complaint"],
  CORRECT_CREDIT: ['更正诚信档案', 'correct a credit entry (trust repair)'],
});

registerLabelledEnum(CapabilityScope, 'CapabilityScope', 'For whom or where the viewer may do something.', {
  REGION: ['本辖区内', 'anywhere in your region'],
  TIED_ELDERS: ['仅限有亲属关系的老人', 'only for elders you are tied to'],
  OWN: ['仅限本人', 'only your own'],
  NONE: ['无权限', 'not at all'],
});

@ObjectType({ description: 'One thing the viewer may do, and for whom or where.' })
export class ViewerCapability {
  @Field(() => ViewerAction) action: ViewerAction;
  @Field(() => CapabilityScope) scope: CapabilityScope;
}
