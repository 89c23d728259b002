import { registerLabelledEnum } from '../../common/labels.ts';

/** What a complaint is about: exactly one of these. */
export enum ComplaintSubjectKind {
  VISIT = 'VISIT',
  CARE_AGREEMENT = 'CARE_AGREEMENT',
  PERSON = 'PERSON',
  ORGANISATION = 'ORGANISATION',
}

/** The global-id type of each subject kind. */
export const COMPLAINT_SUBJECT_TYPES: Record<string, ComplaintSubjectKind> = {
  Visit: ComplaintSubjectKind.VISIT,
  CareAgreement: ComplaintSubjectKind.CARE_AGREEMENT,
  Person: ComplaintSubjectKind.PERSON,
  Organisation: ComplaintSubjectKind.ORGANISATION,
};

export enum ComplaintStatus {
  RECEIVED = 'RECEIVED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  MEDIATING = 'MEDIATING',
  RESOLVED = 'RESOLVED',
  ESCALATED = 'ESCALATED',
  RULED = 'RULED',
}

export enum ComplaintCategory {
  SERVICE_QUALITY = 'SERVICE_QUALITY',
  MISSED_SERVICE = 'MISSED_SERVICE',
  NEGLECT = 'NEGLECT',
  DISRESPECT = 'DISRESPECT',
  PROPERTY = 'PROPERTY',
  FRAUD = 'FRAUD',
  AGREEMENT_BREACH = 'AGREEMENT_BREACH',
  OTHER = 'OTHER',
}

export enum ComplaintSeverity {
  ORDINARY = 'ORDINARY',
  SERIOUS = 'SERIOUS',
}

export enum ComplaintOutcome {
  UPHELD = 'UPHELD',
  PARTLY_UPHELD = 'PARTLY_UPHELD',
  NOT_UPHELD = 'NOT_UPHELD',
}

/** How figures are grouped. */
export enum ComplaintFiguresLevel {
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
}

registerLabelledEnum(ComplaintSubjectKind, 'ComplaintSubjectKind', 'What a complaint is about.', {
  VISIT: ['一次上门服务', 'a visit'],
  CARE_AGREEMENT: ['托养/联养协议', 'a care agreement'],
  PERSON: ['个人', 'a person'],
  ORGANISATION: ['组织', 'an organisation'],
});

registerLabelledEnum(ComplaintStatus, 'ComplaintStatus', 'Where a complaint stands.', {
  RECEIVED: ['已收到', 'received, waiting for the mediation committee'],
  ACKNOWLEDGED: ['已受理', 'acknowledged by the mediation committee'],
  MEDIATING: ['调解中', 'in mediation'],
  RESOLVED: ['已调解结案', 'resolved by mediation, with an outcome'],
  ESCALATED: ['已提交互助养老仲裁庭', 'escalated to the county arbitration court'],
  RULED: ['已裁决', 'ruled on by the arbitration court'],
});

registerLabelledEnum(ComplaintCategory, 'ComplaintCategory', 'What kind of problem a complaint raises.', {
  SERVICE_QUALITY: ['服务质量', 'quality of the service'],
  MISSED_SERVICE: ['未按约服务', 'service not given as agreed'],
  NEGLECT: ['照护疏忽', 'neglect'],
  DISRESPECT: ['态度恶劣', 'disrespect or rudeness'],
  PROPERTY: ['财物纠纷', 'money or property'],
  FRAUD: ['虚报冒领', 'false records or claims (hours, points)'],
  AGREEMENT_BREACH: ['违反协议', 'breach of a care agreement'],
  OTHER: ['其他', 'other'],
});

registerLabelledEnum(ComplaintSeverity, 'ComplaintSeverity', 'How serious a complaint is.', {
  ORDINARY: ['一般', 'ordinary'],
  SERIOUS: ['严重', 'serious: upheld, it suspends the helper from new proposals until reviewed'],
});

registerLabelledEnum(ComplaintOutcome, 'ComplaintOutcome', 'The outcome of mediation or of a ruling.', {
  UPHELD: ['投诉成立', 'upheld'],
  PARTLY_UPHELD: ['部分成立', 'partly upheld'],
  NOT_UPHELD: ['投诉不成立', 'not upheld'],
});

registerLabelledEnum(ComplaintFiguresLevel, 'ComplaintFiguresLevel', 'How complaint figures are grouped.', {
  COUNTY: ['县', 'by county'],
  TOWNSHIP: ['乡镇', 'by township'],
  VILLAGE: ['行政村', 'by village'],
});
