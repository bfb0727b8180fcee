import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One CloudFormation resource, loosely typed: tests check the properties they care about. */
export interface CfResource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
}

/** The parts of a template the tests read. */
export interface CfTemplate {
  Resources: Record<string, CfResource>;
  Outputs?: Record<string, unknown>;
}

/**
 * Reads the stack template `serverless package` wrote.
 *
 * @param packageDir - the directory given to `serverless package --package`
 */
export function readTemplate(packageDir: string): CfTemplate {
  return JSON.parse(readFileSync(join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8')) as CfTemplate;
}

/** The resources of one type, keyed by logical id. */
export function resourcesOfType(template: CfTemplate, type: string): Array<[string, CfResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/**
 * The full path of an API Gateway resource (e.g. `/classify/batch`), following `ParentId` up to the root.
 *
 * @param template - the template
 * @param resourceId - a method's `ResourceId` (a `Ref` to an `AWS::ApiGateway::Resource`, or the root)
 */
export function apiPath(template: CfTemplate, resourceId: unknown): string {
  const ref = (resourceId as { Ref?: string } | undefined)?.Ref;
  if (!ref) return ''; // Fn::GetAtt RootResourceId: the API root
  const resource = template.Resources[ref];
  if (resource?.Type !== 'AWS::ApiGateway::Resource') throw new Error(`${ref} is not an API Gateway resource`);
  return `${apiPath(template, resource.Properties?.ParentId)}/${String(resource.Properties?.PathPart)}`;
}

/** Every IAM policy statement in the template (inline role policies and standalone policies). */
export function iamStatements(template: CfTemplate): Array<Record<string, unknown>> {
  const documents: unknown[] = [];
  for (const [, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const policy of role.Properties?.Policies ?? []) documents.push(policy.PolicyDocument);
  }
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [, policy] of resourcesOfType(template, type)) documents.push(policy.Properties?.PolicyDocument);
  }
  return documents.flatMap((document) => {
    const statement = (document as { Statement?: unknown } | undefined)?.Statement ?? [];
    return (Array.isArray(statement) ? statement : [statement]) as Array<Record<string, unknown>>;
  });
}

/** A statement's `Action` as a list (IAM allows a single string or an array). */
export function actionsOf(statement: Record<string, unknown>): string[] {
  const action = statement.Action ?? [];
  return (Array.isArray(action) ? action : [action]).map(String);
}

/** The statements of one role's inline policies. */
export function roleStatements(template: CfTemplate, roleId: string): Array<Record<string, unknown>> {
  const role = template.Resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not an IAM role`);
  return (role.Properties?.Policies ?? []).flatMap((policy: { PolicyDocument?: { Statement?: unknown } }) => {
    const statement = policy.PolicyDocument?.Statement ?? [];
    return (Array.isArray(statement) ? statement : [statement]) as Array<Record<string, unknown>>;
  });
}

/**
 * A state machine's definition as Step Functions will read it: serverless-step-functions writes it as
 * `Fn::Sub: [json, {placeholder: {Ref | Fn::GetAtt}}]`; each placeholder becomes `<ref:LogicalId>`, so tests can
 * see which resource a field points at.
 */
export function stateMachineDefinition(resource: CfResource): any {
  const sub = resource.Properties?.DefinitionString?.['Fn::Sub'];
  const [text, variables] = (Array.isArray(sub) ? sub : [sub, {}]) as [string, Record<string, any>];
  const resolved = text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const value = variables[name];
    const target = value?.Ref ?? value?.['Fn::GetAtt']?.[0];
    if (!target) throw new Error(`\${${name}} is not a Ref or Fn::GetAtt`);
    return `<ref:${target}>`;
  });
  return JSON.parse(resolved);
}
