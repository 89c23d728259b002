import { registerLabelledEnum } from '../../common/labels.ts';

/** A standing assignment of a helper to a need: ACTIVE while the helper serves it. */
export enum AssignmentStatus {
  ACTIVE = 'ACTIVE',
  RELEASED = 'RELEASED',
}

registerLabelledEnum(AssignmentStatus, 'AssignmentStatus', 'Whether a helper still stands for a need.', {
  ACTIVE: ['服务中', 'serving'],
  RELEASED: ['已解除', 'released (the reason is in the need history)'],
});
