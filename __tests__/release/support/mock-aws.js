'use strict';
/**
 * Preloaded (`NODE_OPTIONS=--require`) into `serverless invoke local -f smokeTest`: mocks the AWS SDK at the client,
 * as aws-sdk-client-mock does in the unit tests, so the packaged hook runs without an account or the network.
 *
 * - Lambda `Invoke` answers from a recording (SMOKE_TEST_RECORDING, written by the test from the real handlers):
 *   `{"<FunctionName> <payload>": <result>}`. Anything not recorded fails as the API would (ResourceNotFound).
 * - CodeDeploy `PutLifecycleEventHookExecutionStatus` succeeds and appends its input to SMOKE_TEST_REPORTS.
 */
const { appendFileSync, readFileSync } = require('node:fs');
const { mockClient } = require('aws-sdk-client-mock');
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } = require('@aws-sdk/client-codedeploy');

const recording = JSON.parse(readFileSync(process.env.SMOKE_TEST_RECORDING, 'utf8'));
const bytes = (value) => {
  const encoded = new TextEncoder().encode(JSON.stringify(value));
  return Object.assign(encoded, { transformToString: () => new TextDecoder().decode(encoded) });
};

mockClient(LambdaClient)
  .on(InvokeCommand)
  .callsFake((input) => {
    const key = `${input.FunctionName} ${new TextDecoder().decode(input.Payload)}`;
    if (!(key in recording))
      throw Object.assign(new Error(`Function not found: ${input.FunctionName}`), {
        name: 'ResourceNotFoundException',
      });
    return { StatusCode: 200, Payload: bytes(recording[key]) };
  });

mockClient(CodeDeployClient)
  .on(PutLifecycleEventHookExecutionStatusCommand)
  .callsFake((input) => {
    appendFileSync(process.env.SMOKE_TEST_REPORTS, `${JSON.stringify(input)}\n`);
    return { lifecycleEventHookExecutionId: input.lifecycleEventHookExecutionId };
  });
