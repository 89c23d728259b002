import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.ts';
import { Helper } from '../helper/helper.entity.ts';
import { canReadHelper } from '../helper/helper.service.ts';
import { Need } from '../need/need.entity.ts';
import { Person } from '../person/person.entity.ts';
import { readablePersonOrNull } from '../person/person.service.ts';
import { Assignment } from './assignment.entity.ts';

/**
 * Standing assignments in the graph: a need's helpers (`Need.assignments`), a helper's elders
 * (`Helper.assignments`), and, for a family, who comes to their elder and when (`Person.care`,
 * each with its need's schedule). An assignment is read through a need or a helper the viewer may
 * read; its elder and helper are each shown only to a viewer who may read them.
 */
@Resolver(() => Assignment)
export class AssignmentResolver {
  @FieldResolver(() => Need)
  async need(@Root() assignment: Assignment, @Ctx() ctx: Context): Promise<Need> {
    return (await ctx.loaders.need.load(assignment.needId))!;
  }

  @FieldResolver(() => Helper, { nullable: true, description: 'Null when the viewer may not read the helper.' })
  async helper(@Root() assignment: Assignment, @Ctx() ctx: Context): Promise<Helper | null> {
    const helper = await ctx.loaders.helper.load(assignment.helperId);
    return helper && (await canReadHelper(ctx, helper)) ? helper : null;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Null when the viewer may not read the elder.' })
  elder(@Root() assignment: Assignment, @Ctx() ctx: Context): Promise<Person | null> {
    return readablePersonOrNull(ctx, assignment.elderId);
  }
}

@Resolver(() => Need)
export class NeedAssignmentsResolver {
  @FieldResolver(() => [Assignment], {
    description: 'Who stands for this need now (ACTIVE, with since when) and who stood before; active first.',
  })
  assignments(@Root() need: Need, @Ctx() ctx: Context): Promise<Assignment[]> {
    return ctx.loaders.assignmentsOfNeed.load(need.id);
  }
}

@Resolver(() => Helper)
export class HelperAssignmentsResolver {
  @FieldResolver(() => [Assignment], { description: "The helper's standing assignments (ACTIVE), newest first." })
  assignments(@Root() helper: Helper, @Ctx() ctx: Context): Promise<Assignment[]> {
    return ctx.loaders.activeAssignmentsOfHelper.load(helper.id);
  }
}

@Resolver(() => Person)
export class PersonCareResolver {
  @FieldResolver(() => [Assignment], {
    description:
      "Who comes to this elder now: the helpers standing for their needs (ACTIVE), each with the need's service and schedule.",
  })
  care(@Root() person: Person, @Ctx() ctx: Context): Promise<Assignment[]> {
    return ctx.loaders.activeAssignmentsOfElder.load(person.id);
  }
}
