import { ErrorSchema } from '../../schema/dto/common';
import { errors } from './support';

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** The error answers of the marketplace's routes, for the OpenAPI document. */
export const legalErrors = {
  ...errors,
  413: error('The upload is larger than allowed'),
  415: error('The file (or the body) is not of a type this route takes'),
} as const;

export const legalRead = {
  400: legalErrors[400],
  401: legalErrors[401],
  403: legalErrors[403],
  404: legalErrors[404],
} as const;

export const legalWrite = { ...legalRead, 409: legalErrors[409], 410: legalErrors[410] } as const;
