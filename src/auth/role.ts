import { registerEnumType } from 'type-graphql';

export enum Role {
  ADMIN = 'ADMIN',
  COUNTY_OFFICIAL = 'COUNTY_OFFICIAL',
  COORDINATOR = 'COORDINATOR',
  HELPER = 'HELPER',
  FAMILY_PROXY = 'FAMILY_PROXY',
  SUPERVISOR = 'SUPERVISOR',
  MEDIATOR = 'MEDIATOR',
  ARBITRATOR = 'ARBITRATOR',
  CHARITY = 'CHARITY',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What a token may do. Every role but ADMIN is bound to a region subtree.',
  valuesConfig: {
    ADMIN: { description: 'Platform operator: everything, everywhere.' },
    COUNTY_OFFICIAL: { description: '县民政 county official: reads and administers one county; no sensitive fields.' },
    COORDINATOR: {
      description:
        '协调员 township or village coordinator: reads and writes one region subtree, sensitive fields included.',
    },
    HELPER: { description: '互助员 helper: reads within their region.' },
    FAMILY_PROXY: { description: 'Family member acting for an elder: reads within their region.' },
    SUPERVISOR: { description: '监督员 supervisor: reads within their region.' },
    MEDIATOR: {
      description:
        '调解员 member of a village mediation committee: reads within their village and handles its complaints (acknowledge, mediate, resolve, escalate).',
    },
    ARBITRATOR: {
      description:
        "仲裁员 member of the county's mutual-aid arbitration court (互助养老仲裁庭): reads within their county and rules on escalated complaints.",
    },
    CHARITY: {
      description:
        "A charity's API key: only the redacted public-need feed of its regions and service types, pledges and webhooks.",
    },
  },
});

/** Roles that may register and change people, ties and organisations within their scope. */
export const WRITER_ROLES: ReadonlySet<Role> = new Set([Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR]);

/**
 * Roles that read every complaint and credit record of their region (issue #16); helpers and family
 * members read only their own, charities none.
 */
export const OVERSIGHT_READER_ROLES: readonly Role[] = [
  Role.ADMIN,
  Role.COUNTY_OFFICIAL,
  Role.COORDINATOR,
  Role.SUPERVISOR,
  Role.MEDIATOR,
  Role.ARBITRATOR,
];

/** Roles that see sensitive elder fields, and then only inside their scope. */
export const SENSITIVE_READER_ROLES: ReadonlySet<Role> = new Set([Role.ADMIN, Role.COORDINATOR]);

export function parseRole(value: string): Role | undefined {
  return (Object.values(Role) as string[]).includes(value) ? (value as Role) : undefined;
}
