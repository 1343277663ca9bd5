/** The route files' shared pieces; the schemas themselves live in service/schemas/. */
export { IdParams, Page, RunIdParams } from '../schemas/common.js';
export { RoleSchema } from '../schemas/users.js';
