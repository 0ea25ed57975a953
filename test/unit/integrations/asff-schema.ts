/**
 * The ASFF attributes Security Hub requires of every imported finding (AWS Security Hub User Guide,
 * "Required top-level attributes in ASFF"), with their documented types and length limits, as a
 * JSON Schema for ajv.
 */
export const ASFF_REQUIRED = {
  type: 'object',
  required: [
    'AwsAccountId',
    'CreatedAt',
    'Description',
    'GeneratorId',
    'Id',
    'ProductArn',
    'Resources',
    'SchemaVersion',
    'Severity',
    'Title',
    'Types',
    'UpdatedAt',
  ],
  properties: {
    AwsAccountId: { type: 'string', pattern: '^\\d{12}$' },
    CreatedAt: { type: 'string', format: 'date-time' },
    UpdatedAt: { type: 'string', format: 'date-time' },
    Description: { type: 'string', minLength: 1, maxLength: 1024 },
    GeneratorId: { type: 'string', minLength: 1, maxLength: 512 },
    Id: { type: 'string', minLength: 1, maxLength: 512 },
    ProductArn: {
      type: 'string',
      pattern: '^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\\d{12}:product/\\d{12}/default$',
    },
    SchemaVersion: { const: '2018-10-08' },
    Title: { type: 'string', minLength: 1, maxLength: 256 },
    Types: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: { type: 'string', pattern: '^[^/]+(/[^/]+){0,2}$' },
    },
    Severity: {
      type: 'object',
      required: ['Label'],
      properties: { Label: { enum: ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] } },
    },
    Resources: {
      type: 'array',
      minItems: 1,
      maxItems: 32,
      items: {
        type: 'object',
        required: ['Id', 'Type'],
        properties: {
          Id: { type: 'string', minLength: 1 },
          Type: { type: 'string', minLength: 1 },
          Partition: { enum: ['aws', 'aws-cn', 'aws-us-gov'] },
        },
      },
    },
    RecordState: { enum: ['ACTIVE', 'ARCHIVED'] },
    Compliance: {
      type: 'object',
      properties: {
        Status: { enum: ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'] },
        RelatedRequirements: { type: 'array', maxItems: 32 },
      },
    },
  },
} as const;
