import { registerEnumType } from 'type-graphql';
import { CertificateKind } from './certificate-kind.enum.ts';

export enum ServiceType {
  MEAL_DELIVERY = 'MEAL_DELIVERY',
  MEAL_AID = 'MEAL_AID',
  BATHING = 'BATHING',
  MEDICAL_ESCORT = 'MEDICAL_ESCORT',
  DAILY_CARE = 'DAILY_CARE',
  COMPANIONSHIP = 'COMPANIONSHIP',
  VISIT_CHECK = 'VISIT_CHECK',
  COUNSELLING = 'COUNSELLING',
  HOUSEKEEPING = 'HOUSEKEEPING',
  DAY_CARE = 'DAY_CARE',
  ERRANDS = 'ERRANDS',
}

export interface ServiceTypeInfo {
  zh: string;
  en: string;
  /** A helper may offer the service only while holding a valid certificate of this kind. */
  certificateToOffer?: CertificateKind;
}

/**
 * Labels as the papers name the services. Certificates to offer follow common county rules:
 * bathing and day care by trained carers (养老护理员), canteen cooking with a health certificate
 * (健康证), counselling by a counsellor. Delivering a meal or escorting to a clinic needs none.
 */
export const SERVICE_TYPES: Record<ServiceType, ServiceTypeInfo> = {
  MEAL_DELIVERY: { zh: '送餐', en: 'Meal delivery' },
  MEAL_AID: { zh: '助餐', en: 'Meal aid (canteen)', certificateToOffer: CertificateKind.FOOD_HEALTH },
  BATHING: { zh: '助浴', en: 'Bathing', certificateToOffer: CertificateKind.ELDER_CARE },
  MEDICAL_ESCORT: { zh: '助医', en: 'Medical escort' },
  DAILY_CARE: { zh: '生活照料', en: 'Daily-living care' },
  COMPANIONSHIP: { zh: '精神慰藉', en: 'Companionship' },
  VISIT_CHECK: { zh: '探访关爱', en: 'Visit and check-in' },
  COUNSELLING: { zh: '心理疏导', en: 'Counselling', certificateToOffer: CertificateKind.COUNSELLOR },
  HOUSEKEEPING: { zh: '家政维修', en: 'Housekeeping and repair' },
  DAY_CARE: { zh: '日间照料', en: 'Day care', certificateToOffer: CertificateKind.ELDER_CARE },
  ERRANDS: { zh: '代办', en: 'Errands' },
};

registerEnumType(ServiceType, {
  name: 'ServiceType',
  description: 'Kinds of help. Labels in Chinese and English are also served by `serviceTypes`.',
  valuesConfig: Object.fromEntries(
    Object.entries(SERVICE_TYPES).map(([key, info]) => [key, { description: `${info.zh} ${info.en}` }]),
  ),
});
