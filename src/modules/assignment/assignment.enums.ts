import { registerEnumType } from 'type-graphql';

/** A standing assignment of a helper to a need: ACTIVE while the helper serves it. */
export enum AssignmentStatus {
  ACTIVE = 'ACTIVE',
  RELEASED = 'RELEASED',
}

registerEnumType(AssignmentStatus, {
  name: 'AssignmentStatus',
  description:
    'ACTIVE while the helper serves the need; RELEASED once they stopped (with the reason in the need history).',
});
