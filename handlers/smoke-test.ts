import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { createSmokeTestHook } from '../lib/release/hook';

/** CodeDeploy BeforeAllowTraffic hook of classify and classifyBatch (see lib/release/hook.ts). Staging and prod only. */
export const handler = createSmokeTestHook({ lambda: new LambdaClient({}), codeDeploy: new CodeDeployClient({}) });
