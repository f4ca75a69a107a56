import { readFileSync } from 'node:fs';
import internals from '@prisma/internals';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * Prisma cannot run `migrate diff` here (its native schema engine is not downloadable), so the
 * hand-written SQL migrations are checked against the Prisma schema directly: every model, column,
 * type, nullability, enum, index and foreign key in the DMMF must exist in the migrated database,
 * and the database must have nothing the schema does not know about.
 */

type Dmmf = Awaited<ReturnType<typeof internals.getDMMF>>;
type DmmfModel = Dmmf['datamodel']['models'][number];
type DmmfField = DmmfModel['fields'][number];

let db: TestDatabase;
let client: pg.Client;
let dmmf: Dmmf;

beforeAll(async () => {
  dmmf = await internals.getDMMF({ datamodel: readFileSync('prisma/schema.prisma', 'utf8') });
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
const columnOf = (field: DmmfField) => field.dbName ?? field.name;
const columnsOf = (model: DmmfModel) =>
  model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum');

function expectedType(field: DmmfField): { dataType: string; udt: string } {
  const native = field.nativeType?.[0];
  if (field.kind === 'enum')
    return {
      dataType: field.isList ? 'ARRAY' : 'USER-DEFINED',
      udt: field.isList ? `_${field.type}` : field.type,
    };
  const scalar: Record<string, string> = {
    Int: 'int4',
    BigInt: 'int8',
    Float: 'float8',
    String: native === 'Uuid' ? 'uuid' : 'text',
    Boolean: 'bool',
    DateTime: native === 'Date' ? 'date' : 'timestamp',
    Json: 'jsonb',
  };
  const udt = scalar[field.type];
  if (!udt) throw new Error(`no mapping for ${field.type}`);
  return field.isList ? { dataType: 'ARRAY', udt: `_${udt}` } : { dataType: '', udt };
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
}

async function columns(): Promise<ColumnRow[]> {
  const { rows } = await client.query<ColumnRow>(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  );
  return rows;
}

describe('migrated database matches prisma/schema.prisma', () => {
  it('has exactly the tables of the schema', async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
    );
    expect(rows.map((row) => row.table_name).sort()).toEqual(dmmf.datamodel.models.map(tableOf).sort());
  });

  it('has every column with the right type and nullability, and no others', async () => {
    const actual = await columns();
    const expected = dmmf.datamodel.models.flatMap((model) =>
      columnsOf(model).map((field) => {
        const type = expectedType(field);
        return {
          column: `${tableOf(model)}.${columnOf(field)}`,
          udt: type.udt,
          // Prisma creates list columns without NOT NULL.
          nullable: field.isList ? 'YES' : field.isRequired ? 'NO' : 'YES',
        };
      }),
    );
    const actualShape = actual.map((row) => ({
      column: `${row.table_name}.${row.column_name}`,
      udt: row.udt_name,
      nullable: row.is_nullable,
    }));
    const byName = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
    expect(actualShape.sort(byName)).toEqual(expected.sort(byName));
  });

  it('has the enums with the same values', async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const expected = dmmf.datamodel.enums.map((e) => ({
      name: e.dbName ?? e.name,
      values: e.values.map((v) => v.dbName ?? v.name),
    }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(rows.map((row) => ({ name: row.name, values: row.values })).sort(byName)).toEqual(
      expected.sort(byName),
    );
  });

  it('has every index (columns, order, uniqueness, name) and no others', async () => {
    const { rows } = await client.query<{
      table: string;
      name: string;
      unique: boolean;
      primary: boolean;
      columns: string[];
    }>(
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
       GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`,
    );
    const models = new Map(dmmf.datamodel.models.map((model) => [model.name, model]));
    const expected = dmmf.datamodel.indexes.map((index) => {
      const model = models.get(index.model)!;
      const table = tableOf(model);
      const cols = index.fields.map((f) => columnOf(model.fields.find((field) => field.name === f.name)!));
      const suffix = index.type === 'id' ? 'pkey' : index.type === 'unique' ? 'key' : 'idx';
      const name =
        index.dbName ?? (index.type === 'id' ? `${table}_pkey` : `${table}_${cols.join('_')}_${suffix}`);
      return { table, name, unique: index.type !== 'normal', primary: index.type === 'id', columns: cols };
    });
    // Partial indexes Prisma cannot declare; each is documented on its model in schema.prisma.
    expected.push({
      table: 'deployments',
      name: 'deployments_active_name_key',
      unique: true,
      primary: false,
      columns: ['namespace', 'name'],
    });
    const key = (a: { table: string; name: string }, b: { table: string; name: string }) =>
      `${a.table}.${a.name}`.localeCompare(`${b.table}.${b.name}`);
    expect(rows.map((row) => ({ ...row })).sort(key)).toEqual(expected.sort(key));
  });

  it('has every foreign key with its referential actions', async () => {
    const { rows } = await client.query<{
      table: string;
      column: string;
      references: string;
      on_delete: string;
    }>(
      `SELECT tc.table_name AS table, kcu.column_name AS column, ccu.table_name AS references, rc.delete_rule AS on_delete
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
       JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
       JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name
       WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`,
    );
    const models = new Map(dmmf.datamodel.models.map((model) => [model.name, model]));
    const expected = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((field) => field.kind === 'object' && (field.relationFromFields?.length ?? 0) > 0)
        .map((field) => {
          const from = model.fields.find((f) => f.name === field.relationFromFields![0])!;
          const defaultAction = field.isRequired ? 'RESTRICT' : 'SET NULL';
          const action = (field.relationOnDelete ?? defaultAction)
            .replace('SetNull', 'SET NULL')
            .toUpperCase();
          return {
            table: tableOf(model),
            column: columnOf(from),
            references: tableOf(models.get(field.type)!),
            on_delete: action,
          };
        }),
    );
    const key = (a: { table: string; column: string }, b: { table: string; column: string }) =>
      `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);
    expect(rows.sort(key)).toEqual(expected.sort(key));
  });
});
