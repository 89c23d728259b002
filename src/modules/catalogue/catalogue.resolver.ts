import { enumLabels, labelledEnumNames } from '../../common/labels.ts';
import { badInput } from '../../common/errors.ts';
import { Arg, Query, Resolver } from 'type-graphql';
import { CERTIFICATE_LABELS, CertificateKind } from './certificate-kind.enum.ts';
import { SERVICE_TYPES, ServiceType } from './service-type.enum.ts';
import { CertificateKindDescription, EnumLabel, ServiceTypeDescription } from './catalogue.types.ts';

@Resolver()
export class CatalogueResolver {
  @Query(() => [ServiceTypeDescription], {
    description: 'Every service type, with Chinese and English labels. Public.',
  })
  serviceTypes(): ServiceTypeDescription[] {
    return Object.entries(SERVICE_TYPES).map(([type, info]) => ({
      type: type as ServiceType,
      labelZh: info.zh,
      labelEn: info.en,
      certificateToOffer: info.certificateToOffer ?? null,
    }));
  }

  @Query(() => [CertificateKindDescription], { description: 'Every certificate kind, with labels. Public.' })
  certificateKinds(): CertificateKindDescription[] {
    return Object.entries(CERTIFICATE_LABELS).map(([kind, label]) => ({
      kind: kind as CertificateKind,
      labelZh: label.zh,
      labelEn: label.en,
    }));
  }

  @Query(() => [EnumLabel], {
    description:
      'Chinese and English labels for the enums a UI shows (NeedStatus, MatchTier, RunnerUpReason …), so that a console needs no translation table of its own. All labelled enums when `enums` is omitted. Public.',
  })
  enumLabels(
    @Arg('enums', () => [String], { nullable: true, description: 'Enum names, e.g. ["NeedStatus", "MatchTier"].' })
    enums?: string[] | null,
  ): EnumLabel[] {
    const known = new Set(labelledEnumNames());
    const unknown = (enums ?? []).filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw badInput('enums', `No labels for ${unknown.join(', ')}; labelled enums: ${[...known].join(', ')}`);
    return enumLabels(enums);
  }
}
