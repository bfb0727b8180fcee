import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { MiddlewareObj } from '@middy/core';
import type { ErrorCode } from './errors';

/** What a request's single access-log line and metrics report beyond status and latency; filled in as it runs. */
export interface RequestSummary {
  /** Best label (single classification). */
  label?: string;
  /** Its score. */
  score?: number;
  /** Whether the answer abstained (single classification). */
  abstained?: boolean;
  /** Number of items (batch). */
  batchSize?: number;
  /** How many of them abstained (batch). */
  abstainedItems?: number;
  /** Items explained (`"explain": true`). */
  explainedItems?: number;
  /** Rows the explanations added to the prediction (one per weighed word or feature). */
  occludedRows?: number;
  /** Items per predicted label (batch; a single classification has `label`). */
  labelCounts?: Record<string, number>;
  /** Sum of the items' scores (batch; a single classification has `score`). */
  scoreSum?: number;
  /** Error code when the request failed. */
  errorCode?: ErrorCode;
}

/** The Lambda context as the shared stack hands it to handlers: with the request id and cold-start flag resolved. */
export interface HttpContext extends Context {
  /** API Gateway's request id, else the Lambda request id; echoed as `X-Request-Id` and in error bodies. */
  requestId: string;
  /** True for the first request this container serves. */
  coldStart: boolean;
  /** `performance.now()` when the stack started on this request. */
  startedAt: number;
  summary: RequestSummary;
}

/** An API Gateway REST (v1) proxy event whose body has been parsed and validated into `TBody`. */
export type ParsedEvent<TBody> = Omit<APIGatewayProxyEvent, 'body'> & { body: TBody };

export type HttpResponse = APIGatewayProxyResult;

/** A middleware of the shared stack (event as API Gateway sends it; body becomes parsed JSON along the way). */
export type HttpMiddleware = MiddlewareObj<APIGatewayProxyEvent, HttpResponse, Error, HttpContext>;
