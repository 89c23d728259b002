import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';

@ArgsType()
export class PublicNeedsArgs extends PageArgs {
  @Field(() => ServiceType, { nullable: true })
  serviceType?: ServiceType | null;
}
