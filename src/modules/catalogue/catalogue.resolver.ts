import { Query, Resolver } from 'type-graphql';
import { CERTIFICATE_LABELS, CertificateKind } from './certificate-kind.enum.ts';
import { SERVICE_TYPES, ServiceType } from './service-type.enum.ts';
import { ServiceTypeDescription, CertificateKindDescription } from './catalogue.types.ts';

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
}
