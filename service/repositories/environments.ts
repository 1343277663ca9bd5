import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, EnvironmentsTable } from '../db/schema.js';
import type { Environment } from '../schemas/environments.js';
import { newId, now } from './ids.js';

export type { Environment };

export interface EnvironmentInput {
  name: string;
  online?: boolean;
  namespace?: string;
  kubeconfigCredentialId?: string | null;
  approvers?: { users: string[]; groups: string[] };
  allowedGroups?: string[];
}

const toEnvironment = (r: Selectable<EnvironmentsTable>): Environment => ({
  id: r.id,
  name: r.name,
  online: r.online === 1,
  namespace: r.namespace,
  kubeconfigCredentialId: r.kubeconfig_credential_id,
  approvers: JSON.parse(r.approvers) as Environment['approvers'],
  allowedGroups: JSON.parse(r.allowed_groups) as string[],
  createdAt: r.created_at,
});

export class EnvironmentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: EnvironmentInput): Promise<Environment> {
    const row = {
      id: newId(),
      name: input.name,
      online: input.online === false ? 0 : 1,
      namespace: input.namespace ?? input.name,
      kubeconfig_credential_id: input.kubeconfigCredentialId ?? null,
      created_at: now(),
      approvers: JSON.stringify(input.approvers ?? { users: [], groups: [] }),
      allowed_groups: JSON.stringify(input.allowedGroups ?? []),
    };
    await this.db.insertInto('environments').values(row).execute();
    return toEnvironment(row);
  }

  async list(): Promise<Environment[]> {
    return (await this.db.selectFrom('environments').selectAll().orderBy('name').execute()).map(
      toEnvironment,
    );
  }

  async findById(id: string): Promise<Environment | null> {
    const row = await this.db.selectFrom('environments').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEnvironment(row) : null;
  }

  async update(id: string, input: Partial<EnvironmentInput>): Promise<Environment | null> {
    const values: Updateable<EnvironmentsTable> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.online !== undefined) values.online = input.online ? 1 : 0;
    if (input.namespace !== undefined) values.namespace = input.namespace;
    if (input.kubeconfigCredentialId !== undefined)
      values.kubeconfig_credential_id = input.kubeconfigCredentialId;
    if (input.approvers !== undefined) values.approvers = JSON.stringify(input.approvers);
    if (input.allowedGroups !== undefined) values.allowed_groups = JSON.stringify(input.allowedGroups);
    if (Object.keys(values).length)
      await this.db.updateTable('environments').set(values).where('id', '=', id).execute();
    return this.findById(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('environments').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
