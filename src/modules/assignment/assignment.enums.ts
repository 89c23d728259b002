/** A standing assignment of a helper to a need: ACTIVE while the helper serves it. */
export enum AssignmentStatus {
  ACTIVE = 'ACTIVE',
  RELEASED = 'RELEASED',
}
