/** Words the generator draws from: common surnames (weighted), given-name characters, place names. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 10], ['李', 10], ['张', 9], ['刘', 8], ['陈', 7], ['杨', 5], ['赵', 4], ['黄', 4], ['周', 4], ['吴', 4],
  ['徐', 3], ['孙', 3], ['胡', 3], ['朱', 3], ['高', 3], ['林', 2], ['何', 2], ['郭', 2], ['马', 2], ['罗', 2],
  ['梁', 2], ['宋', 2], ['郑', 2], ['谢', 1], ['韩', 1], ['唐', 1], ['冯', 1], ['于', 1], ['董', 1], ['萧', 1],
];

export const MALE_CHARS = ['建', '国', '明', '伟', '强', '军', '平', '华', '志', '德', '文', '忠', '福', '贵', '海', '林', '春', '永', '学', '立'];
export const FEMALE_CHARS = ['秀', '英', '兰', '芳', '玉', '桂', '珍', '凤', '梅', '霞', '红', '丽', '琴', '云', '花', '淑', '敏', '燕', '娟', '萍'];

export const PLACE_FIRST = ['河', '桥', '岗', '湾', '坪', '塘', '山', '柳', '杨', '石', '马', '新', '东', '西', '南', '北', '前', '后', '高', '龙'];
export const PLACE_SECOND = ['庄', '集', '店', '营', '岭', '口', '沟', '坡', '园', '寨'];
export const GROUP_NAMES = ['东庄', '西庄', '南头', '北头', '前湾', '后湾', '老庄', '新村', '河沿', '岗上'];

export const HEALTH_NOTES = ['高血压', '糖尿病', '中风后遗症', '关节炎', '慢阻肺', '白内障', '轻度认知障碍', '冠心病', '腰椎间盘突出', '听力下降'];

export const CHILD_TERMS: Record<string, string> = { MM: '父子', MF: '父女', FM: '母子', FF: '母女' };
export const SIBLING_TERMS: Record<string, string> = { MM: '兄弟', FF: '姐妹', MF: '兄妹', FM: '姐弟' };
