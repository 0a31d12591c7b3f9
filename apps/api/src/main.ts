import 'reflect-metadata';
import { loadApiConfig } from '@mahir/config';
import { runApp } from '@mahir/runtime';
import { createApiApp } from './app.factory';

void runApp({ service: 'api', loadConfig: loadApiConfig, port: (c) => c.API_PORT, create: createApiApp });
