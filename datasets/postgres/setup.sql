-- Setup of examples/postgres-queries.yaml: run once before the run.
DROP SCHEMA IF EXISTS shop_bench CASCADE;
CREATE SCHEMA shop_bench;
CREATE TABLE shop_bench.items (id int PRIMARY KEY, region text NOT NULL, price numeric(10, 2) NOT NULL, stock int NOT NULL);
INSERT INTO shop_bench.items
  SELECT i, (ARRAY['eu', 'us', 'ap'])[1 + i % 3], round((i % 500 + 1) * 1.25, 2), 1000000
  FROM generate_series(1, 10000) i;
CREATE TABLE shop_bench.orders (
  id bigint PRIMARY KEY,
  item int NOT NULL REFERENCES shop_bench.items,
  region text NOT NULL,
  amount float8 NOT NULL,
  placed_at timestamptz NOT NULL DEFAULT now()
);
ANALYZE shop_bench.items;
