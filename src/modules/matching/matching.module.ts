import { defineModule } from '../../common/feature-module.ts';
import { MatchRun } from './match-run.entity.ts';
import { MatchUnmet } from './match-unmet.entity.ts';
import { MatchProposal } from './proposal.entity.ts';

export const matchingModule = defineModule({
  name: 'matching',
  entities: [MatchRun, MatchProposal, MatchUnmet],
  async schema() {
    const { MatchRunResolver, ProposalResolver } = await import('./matching.resolver.ts');
    return { resolvers: [MatchRunResolver, ProposalResolver], types: [MatchRun, MatchProposal] };
  },
});
