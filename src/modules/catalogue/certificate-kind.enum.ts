import { registerEnumType } from 'type-graphql';

export enum CertificateKind {
  ELDER_CARE = 'ELDER_CARE',
  NURSE = 'NURSE',
  DOCTOR = 'DOCTOR',
  FOOD_HEALTH = 'FOOD_HEALTH',
  COUNSELLOR = 'COUNSELLOR',
  DRIVER = 'DRIVER',
}

export const CERTIFICATE_LABELS: Record<CertificateKind, { zh: string; en: string }> = {
  ELDER_CARE: { zh: '养老护理员证', en: 'Elder-care worker' },
  NURSE: { zh: '护士执业证', en: 'Registered nurse' },
  DOCTOR: { zh: '医师/乡村医生证', en: 'Doctor or village doctor' },
  FOOD_HEALTH: { zh: '健康证', en: 'Food-handler health certificate' },
  COUNSELLOR: { zh: '心理咨询师证', en: 'Counsellor' },
  DRIVER: { zh: '驾驶证', en: 'Driving licence' },
};

registerEnumType(CertificateKind, {
  name: 'CertificateKind',
  valuesConfig: Object.fromEntries(
    Object.entries(CERTIFICATE_LABELS).map(([key, label]) => [key, { description: `${label.zh} ${label.en}` }]),
  ),
});
