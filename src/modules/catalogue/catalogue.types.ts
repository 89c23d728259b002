import { Field, ObjectType } from 'type-graphql';
import { CertificateKind } from './certificate-kind.enum.ts';
import { ServiceType } from './service-type.enum.ts';

@ObjectType({ description: 'A service type with its labels, for intake screens.' })
export class ServiceTypeDescription {
  @Field(() => ServiceType)
  type: ServiceType;

  @Field(() => String)
  labelZh: string;

  @Field(() => String)
  labelEn: string;

  @Field(() => CertificateKind, { nullable: true, description: 'Certificate a helper must hold to offer it.' })
  certificateToOffer: CertificateKind | null;
}

@ObjectType()
export class CertificateKindDescription {
  @Field(() => CertificateKind)
  kind: CertificateKind;

  @Field(() => String)
  labelZh: string;

  @Field(() => String)
  labelEn: string;
}

@ObjectType({ description: 'Labels for one value of an enum a UI shows, in Chinese and English.' })
export class EnumLabel {
  @Field(() => String, { description: 'The enum, e.g. NeedStatus.' }) enumName: string;
  @Field(() => String, { description: 'The value, e.g. OPEN.' }) value: string;
  @Field(() => String) labelZh: string;
  @Field(() => String) labelEn: string;
}
