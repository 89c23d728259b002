import { ArgsType, Field } from 'type-graphql';
import { ForwardPageArgs } from '../../common/connection.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';

@ArgsType()
export class PublicNeedsArgs extends ForwardPageArgs {
  @Field(() => ServiceType, { nullable: true })
  serviceType?: ServiceType | null;
}
