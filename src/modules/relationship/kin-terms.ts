/**
 * Kin terms from one side. A tie stores the pair's term (母子, 祖孙, 叔侄 …), which names both
 * people at once; a person looking at the tie wants what the other is to them: her 儿子, his
 * 奶奶. The pair's older member takes the first role, the younger the second, each by gender.
 */
export interface Side {
  gender: string;
  birthYear: number;
}

export interface KinTerm {
  zh: string;
  en: string;
}

type ByGender = { MALE: KinTerm; FEMALE: KinTerm };

const t = (zh: string, en: string): KinTerm => ({ zh, en });
const parent: ByGender = { MALE: t('父亲', 'father'), FEMALE: t('母亲', 'mother') };
const child: ByGender = { MALE: t('儿子', 'son'), FEMALE: t('女儿', 'daughter') };
const grandparent: ByGender = { MALE: t('爷爷', 'grandfather'), FEMALE: t('奶奶', 'grandmother') };
const maternalGrandparent: ByGender = { MALE: t('外公', 'grandfather'), FEMALE: t('外婆', 'grandmother') };
const grandchild: ByGender = { MALE: t('孙子', 'grandson'), FEMALE: t('孙女', 'granddaughter') };
const daughtersChild: ByGender = { MALE: t('外孙', 'grandson'), FEMALE: t('外孙女', 'granddaughter') };
const elderSibling: ByGender = { MALE: t('哥哥', 'elder brother'), FEMALE: t('姐姐', 'elder sister') };
const youngerSibling: ByGender = { MALE: t('弟弟', 'younger brother'), FEMALE: t('妹妹', 'younger sister') };
const nephew: ByGender = { MALE: t('侄子', 'nephew'), FEMALE: t('侄女', 'niece') };
const sistersChild: ByGender = { MALE: t('外甥', 'nephew'), FEMALE: t('外甥女', 'niece') };
const same = (term: KinTerm): ByGender => ({ MALE: term, FEMALE: term });

/** Pair term → [role of the older, role of the younger]. */
const PAIRS: Record<string, [ByGender, ByGender]> = {
  父子: [parent, child],
  父女: [parent, child],
  母子: [parent, child],
  母女: [parent, child],
  祖孙: [grandparent, grandchild],
  外祖孙: [maternalGrandparent, daughtersChild],
  兄弟: [elderSibling, youngerSibling],
  姐妹: [elderSibling, youngerSibling],
  兄妹: [elderSibling, youngerSibling],
  姐弟: [elderSibling, youngerSibling],
  叔侄: [same(t('叔叔', 'uncle')), nephew],
  伯侄: [same(t('伯伯', 'uncle')), nephew],
  姑侄: [same(t('姑姑', 'aunt')), nephew],
  舅甥: [same(t('舅舅', 'uncle')), sistersChild],
  姨甥: [same(t('姨妈', 'aunt')), sistersChild],
  婆媳: [same(t('婆婆', 'mother-in-law')), same(t('儿媳', 'daughter-in-law'))],
  公媳: [same(t('公公', 'father-in-law')), same(t('儿媳', 'daughter-in-law'))],
  翁婿: [same(t('岳父', 'father-in-law')), same(t('女婿', 'son-in-law'))],
  岳婿: [same(t('岳母', 'mother-in-law')), same(t('女婿', 'son-in-law'))],
  堂兄弟姐妹: [
    { MALE: t('堂哥', 'cousin'), FEMALE: t('堂姐', 'cousin') },
    { MALE: t('堂弟', 'cousin'), FEMALE: t('堂妹', 'cousin') },
  ],
  表兄弟姐妹: [
    { MALE: t('表哥', 'cousin'), FEMALE: t('表姐', 'cousin') },
    { MALE: t('表弟', 'cousin'), FEMALE: t('表妹', 'cousin') },
  ],
};

const SPOUSE: ByGender = { MALE: t('丈夫', 'husband'), FEMALE: t('妻子', 'wife') };

const byGender = (roles: ByGender, gender: string): KinTerm | null =>
  gender === 'MALE' ? roles.MALE : gender === 'FEMALE' ? roles.FEMALE : null;

/**
 * What `other` is to `viewer`, given the pair's stored term: 儿子 seen from his mother, 母亲 seen
 * from her son. A term this table does not know, or a pair born the same year (who is older is
 * then unknown), comes back as stored.
 */
export function termFromSide(kind: string, pairTerm: string | null, viewer: Side, other: Side): KinTerm | null {
  if (kind === 'SPOUSE') return byGender(SPOUSE, other.gender) ?? t('配偶', 'spouse');
  if (!pairTerm) return null;
  const roles = PAIRS[pairTerm];
  if (!roles || other.birthYear === viewer.birthYear) return t(pairTerm, pairTerm);
  const [older, younger] = roles;
  return byGender(other.birthYear < viewer.birthYear ? older : younger, other.gender) ?? t(pairTerm, pairTerm);
}
