import { Logger } from '@aws-lambda-powertools/logger';
import { config } from '../config';

/**
 * The service's structured JSON logger (Powertools). Its level comes from `LOG_LEVEL`. Request bodies and texts
 * are never logged at INFO; per-item batch labels only at DEBUG.
 */
export const logger = new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
