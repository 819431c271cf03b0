import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { hashPassword } from '../../lib/passwords';
import { IdParam, text } from '../../schema/dto/common';
import {
  GrantMembershipBody,
  User,
  UserCreateBody,
  UserDetail,
  UserList,
  UserListQuery,
  UserUpdateBody,
} from '../../schema/dto/platform';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody } from './support';

const tags = ['users'];

const create = createRoute({
  method: 'post',
  path: '/api/admin/users',
  tags,
  summary: 'Create a user (username and email unique across the platform)',
  security: bearer,
  request: { body: jsonBody(UserCreateBody) },
  responses: {
    201: json(User, 'Created'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/admin/users',
  tags,
  summary: 'List and search users',
  security: bearer,
  request: { query: UserListQuery },
  responses: { 200: json(UserList), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const get = createRoute({
  method: 'get',
  path: '/api/admin/users/{id}',
  tags,
  summary: 'One user with their companies',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(UserDetail), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const grant = createRoute({
  method: 'post',
  path: '/api/admin/users/{id}/companies',
  tags,
  summary: 'Grant (or re-activate) a membership in a company',
  security: bearer,
  request: { params: IdParam, body: jsonBody(GrantMembershipBody) },
  responses: {
    200: json(UserDetail),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/api/admin/users/{id}/companies/{companyId}',
  tags,
  summary: 'Disable a membership; the primary company moves on, or the account is disabled when none is left',
  security: bearer,
  request: { params: z.object({ id: text().min(1).max(64), companyId: text().min(1).max(64) }) },
  responses: { 200: json(UserDetail), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const update = createRoute({
  method: 'put',
  path: '/api/admin/users/{id}',
  tags,
  summary: 'Change a username, email or name (everything refers to the user id, so no data moves)',
  security: bearer,
  request: { params: IdParam, body: jsonBody(UserUpdateBody) },
  responses: {
    200: json(UserDetail),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

export const userAdminRoutes = new OpenAPIHono<AppEnv>()
  .openapi(update, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    return c.json(unwrap(await directory(c.env).updateUser(id, c.req.valid('json'), operatorOf(c))), 200);
  })
  .openapi(create, async (c) => {
    c.set('audited', true);
    const { password, ...rest } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    return c.json(unwrap(await directory(c.env).createUser({ ...rest, passwordHash }, operatorOf(c))), 201);
  })
  .openapi(list, async (c) => c.json(await directory(c.env).listUsers(c.req.valid('query')), 200))
  .openapi(get, async (c) => c.json(unwrap(await directory(c.env).getUser(c.req.valid('param').id)), 200))
  .openapi(grant, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    return c.json(
      unwrap(await directory(c.env).grantMembership(id, c.req.valid('json'), operatorOf(c))),
      200,
    );
  })
  .openapi(revoke, async (c) => {
    c.set('audited', true);
    const { id, companyId } = c.req.valid('param');
    return c.json(unwrap(await directory(c.env).revokeMembership(id, companyId, operatorOf(c))), 200);
  });
