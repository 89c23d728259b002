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
}

/** Collects errors during the checks that precede a write. */
export class Problems {
  readonly list: UserError[] = [];

  add(field: string, code: UserErrorCode, message: string): void {
    this.list.push({ field, code, message });
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  has(field: string): boolean {
    return this.list.some((error) => error.field === field);
  }
}
