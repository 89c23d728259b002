// For the TypeORM CLI (e.g. `npx typeorm-ts-node-esm migration:show -d ormconfig.ts`).
import { createDataSource } from './src/db/data-source.ts';

export default createDataSource({ url: process.env.DATABASE_URL ?? 'postgres://localhost/huzhu' });
