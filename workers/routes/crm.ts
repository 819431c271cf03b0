import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { tenantActor } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { IdParam, PageQuery } from '../../schema/dto/common';
import {
  Contract,
  ContractCreate,
  ContractDeleteAnswer,
  ContractList,
  ContractListQuery,
  ContractUpdate,
  ContractWriteAnswer,
  Customer,
  CustomerCreate,
  CustomerList,
  CustomerListQuery,
  CustomerUpdate,
  OperationBody,
  OperationParams,
  StatusHistory,
} from '../../schema/dto/crm';
import { callerOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, jsonText, readErrors, tenantParameters } from './support';

const tags = ['crm'];
const read = readErrors;
const write = { ...read, 409: errors[409] };

const createCustomer = createRoute({
  method: 'post',
  path: '/api/customers',
  tags,
  summary: 'Create a customer; every customer starts as a prospect',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(CustomerCreate) },
  responses: { 201: json(Customer, 'Created'), ...write },
});

const listCustomers = createRoute({
  method: 'get',
  path: '/api/customers',
  tags,
  summary: 'Customers, newest first, with contracted capacity (SPEC B6), filtered by status and name',
  security: bearer,
  parameters: tenantParameters,
  request: { query: CustomerListQuery },
  responses: { 200: json(CustomerList), ...read },
});

const getCustomer = createRoute({
  method: 'get',
  path: '/api/customers/{id}',
  tags,
  summary: 'One customer, with what its status lets you edit and do',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(Customer), ...read },
});

const updateCustomer = createRoute({
  method: 'put',
  path: '/api/customers/{id}',
  tags,
  summary:
    'Edit a customer: prospect fully, pending limited, active/suspended only by an admin, terminated never',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(CustomerUpdate) },
  responses: { 200: json(Customer), ...write },
});

const deleteCustomer = createRoute({
  method: 'delete',
  path: '/api/customers/{id}',
  tags,
  summary: 'Delete a prospect customer without contracts; other statuses are refused with the reason',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(z.object({ id: z.string(), deleted: z.literal(true) })), ...write },
});

const operateCustomer = createRoute({
  method: 'post',
  path: '/api/customers/{id}/{operation}',
  tags,
  summary:
    'Manual status operation: sign (prospect→pending), activate (pending→active), revoke (pending→terminated), ' +
    'suspend (active→suspended), resume (suspended→active), terminate (active/suspended→terminated)',
  security: bearer,
  parameters: tenantParameters,
  request: {
    params: OperationParams,
    body: { required: false, content: { 'application/json': { schema: OperationBody } } },
  },
  responses: { 200: json(Customer), ...write },
});

const statusHistory = createRoute({
  method: 'get',
  path: '/api/customers/{id}/status-history',
  tags,
  summary: "The customer's status changes, newest first, automatic and manual, with reason and operator",
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(StatusHistory), ...read },
});

const createContract = createRoute({
  method: 'post',
  path: '/api/retail-contracts',
  tags,
  summary:
    "Create a retail contract for a customer that is not terminated; the customer's status follows at once " +
    '(prospect → pending or active, pending → active when the contract has started)',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(ContractCreate) },
  responses: { 201: json(ContractWriteAnswer, 'Created'), ...write },
});

const listContracts = createRoute({
  method: 'get',
  path: '/api/retail-contracts',
  tags,
  summary: "Retail contracts, latest start first; status is computed in the tenant's time zone",
  security: bearer,
  parameters: tenantParameters,
  request: { query: ContractListQuery },
  responses: { 200: json(ContractList), ...read },
});

const getContract = createRoute({
  method: 'get',
  path: '/api/retail-contracts/{id}',
  tags,
  summary: 'One retail contract',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(Contract), ...read },
});

const updateContract = createRoute({
  method: 'put',
  path: '/api/retail-contracts/{id}',
  tags,
  summary:
    "Change a contract's months or quantity; the customer's status is recomputed from all its contracts",
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(ContractUpdate) },
  responses: { 200: json(ContractWriteAnswer), ...write },
});

const deleteContract = createRoute({
  method: 'delete',
  path: '/api/retail-contracts/{id}',
  tags,
  summary: 'Delete a contract; the customer is recomputed, and becomes a prospect when it was the last one',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(ContractDeleteAnswer), ...write },
});

const actor = (c: { env: AppEnv['Bindings']; get: (key: 'tenantCode') => string }) =>
  tenantActor(c.env, c.get('tenantCode'));

export const crmRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createCustomer, async (c) =>
    c.json(unwrap(await actor(c).createCustomer(callerOf(c), c.req.valid('json'))), 201),
  )
  .openapi(listCustomers, async (c) =>
    jsonText(c, unwrap(await actor(c).listCustomers(callerOf(c), c.req.valid('query')))),
  )
  .openapi(getCustomer, async (c) =>
    c.json(unwrap(await actor(c).getCustomer(callerOf(c), c.req.valid('param').id)), 200),
  )
  .openapi(updateCustomer, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await actor(c).updateCustomer(callerOf(c), id, c.req.valid('json'))), 200);
  })
  .openapi(deleteCustomer, async (c) =>
    c.json(unwrap(await actor(c).deleteCustomer(callerOf(c), c.req.valid('param').id)), 200),
  )
  .openapi(operateCustomer, async (c) => {
    const { id, operation } = c.req.valid('param');
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof OperationBody>;
    return c.json(unwrap(await actor(c).operateCustomer(callerOf(c), id, operation, body.reason)), 200);
  })
  .openapi(statusHistory, async (c) => {
    const { id } = c.req.valid('param');
    const { page, pageSize } = c.req.valid('query');
    return jsonText(c, unwrap(await actor(c).customerStatusHistory(callerOf(c), id, page, pageSize)));
  })
  .openapi(createContract, async (c) =>
    c.json(unwrap(await actor(c).createContract(callerOf(c), c.req.valid('json'))), 201),
  )
  .openapi(listContracts, async (c) =>
    jsonText(c, unwrap(await actor(c).listContracts(callerOf(c), c.req.valid('query')))),
  )
  .openapi(getContract, async (c) =>
    c.json(unwrap(await actor(c).getContract(callerOf(c), c.req.valid('param').id)), 200),
  )
  .openapi(updateContract, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await actor(c).updateContract(callerOf(c), id, c.req.valid('json'))), 200);
  })
  .openapi(deleteContract, async (c) =>
    c.json(unwrap(await actor(c).deleteContract(callerOf(c), c.req.valid('param').id)), 200),
  );
