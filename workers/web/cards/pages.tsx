import { Hono } from 'hono';
import type { AppEnv } from '../../types';

export const cardPages = new Hono<AppEnv>();
