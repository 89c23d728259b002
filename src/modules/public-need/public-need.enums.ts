import { registerEnumType } from 'type-graphql';

export enum PublicNeedState {
  WAITING = 'WAITING',
  PROPOSED = 'PROPOSED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum PublicNeedEventType {
  NEED_PUBLISHED = 'NEED_PUBLISHED',
  NEED_UPDATED = 'NEED_UPDATED',
}

registerEnumType(PublicNeedState, {
  name: 'PublicNeedState',
  valuesConfig: {
    WAITING: { description: 'Nobody has been found yet' },
    PROPOSED: { description: 'A match run proposed a helper; a coordinator has not confirmed yet' },
    WITHDRAWN: { description: 'No longer shared: served, paused, cancelled or consent withdrawn (no reason is given)' },
  },
});

registerEnumType(PublicNeedEventType, {
  name: 'PublicNeedEventType',
  valuesConfig: {
    NEED_PUBLISHED: { description: 'A need became visible to charities (consent given, entered, or waiting again)' },
    NEED_UPDATED: { description: 'A visible need changed, or stopped being shared (state WITHDRAWN)' },
  },
});
