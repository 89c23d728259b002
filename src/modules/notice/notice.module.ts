import { defineModule } from '../../common/feature-module.ts';

/** Village notices (公示): read-only, from supervision and arbitration (and, later, awards). */
export const noticeModule = defineModule({
  name: 'notice',
  async schema() {
    const { NoticeResolver } = await import('./notice.resolver.ts');
    return { resolvers: [NoticeResolver] };
  },
});
