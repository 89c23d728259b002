import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum UserErrorCode {
  REQUIRED = 'REQUIRED',
  INVALID = 'INVALID',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  NOT_FOUND = 'NOT_FOUND',
  WRONG_KIND = 'WRONG_KIND',
  DUPLICATE = 'DUPLICATE',
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  CONFLICT = 'CONFLICT',
  CERTIFICATE_REQUIRED = 'CERTIFICATE_REQUIRED',
  NO_TIE = 'NO_TIE',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why an input was refused. Nothing is written when any error is returned.',
  valuesConfig: {
    REQUIRED: { description: 'A value is missing' },
    INVALID: { description: 'The value is malformed' },
    OUT_OF_RANGE: { description: 'The value is outside its allowed range' },
    NOT_FOUND: { description: 'No record has this id' },
    WRONG_KIND: {
      description: 'The record exists but is of the wrong kind here (e.g. a village where a township belongs)',
    },
    DUPLICATE: { description: 'The same record already exists' },
    OUT_OF_SCOPE: { description: 'The record lies outside the region the change belongs to' },
    CONFLICT: { description: 'The change contradicts another value in the same input or in the record' },
    CERTIFICATE_REQUIRED: { description: 'The service needs a certificate the helper does not hold, or holds expired' },
    NO_TIE: { description: 'The proxy has no recorded tie to the elder they speak for' },
  },
});

@ObjectType({ description: "An expected, correctable problem with a mutation's input." })
export class UserError {
  @Field(() => String, { description: 'Path of the offending input field, e.g. "birthYear" or "serviceAreaIds.2".' })
  field: string;

  @Field(() => UserErrorCode)
  code: UserErrorCode;

  @Field(() => String, { description: 'Plain-language reason, fit to show next to the field.' })
  message: string;

  @Field(() => String, {
    description:
      'The same in Chinese, for consoles that show it as it is: what is wrong, by the code (the English `message` may say more).',
  })
  messageZh: string;
}

const ZH: Record<UserErrorCode, string> = {
  REQUIRED: '此项必填',
  INVALID: '格式不正确',
  OUT_OF_RANGE: '超出允许范围',
  NOT_FOUND: '找不到该记录，或不在您的辖区内',
  WRONG_KIND: '记录类型不对',
  DUPLICATE: '已有相同的记录',
  OUT_OF_SCOPE: '超出本次修改所属的区域',
  CONFLICT: '与已有信息冲突',
  CERTIFICATE_REQUIRED: '缺少所需证书或证书已过期',
  NO_TIE: '代理人与老人之间没有登记的关系',
};

/** A user error in both languages: the English `message` as given, the Chinese one by its code. */
export function userError(field: string, code: UserErrorCode, message: string): UserError {
  return { field, code, message, messageZh: `${field}：${ZH[code]}` };
}

/** Chinese for a top-level error code (`extensions.messageZh`), when there is one. */
export const TOP_LEVEL_ZH: Record<string, string> = {
  UNAUTHENTICATED: '请先登录（缺少或无效的令牌）',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '找不到该记录，或不在您的辖区内',
  BAD_USER_INPUT: '请求参数有误',
  BAD_REQUEST: '请求格式有误',
  QUERY_TOO_COMPLEX: '查询过于复杂，请减少条数或嵌套',
  RESPONSE_TOO_LARGE: '结果过大，请减少条数',
  QUERY_TIMEOUT: '查询超时，请缩小范围',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  INTERNAL_SERVER_ERROR: '服务器内部错误',
};

/** Collects errors during the checks that precede a write. */
export class Problems {
  readonly list: UserError[] = [];

  add(field: string, code: UserErrorCode, message: string): void {
    this.list.push(userError(field, code, message));
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  has(field: string): boolean {
    return this.list.some((error) => error.field === field);
  }
}
