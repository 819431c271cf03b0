import { Hono } from 'hono';
import type { AppEnv } from '../types';

export const consolePages = new Hono<AppEnv>();
consolePages.get('/', (c) => c.html('<!doctype html><title>Keel</title><h1>Keel</h1>'));
