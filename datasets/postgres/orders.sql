-- One unit of examples/postgres-queries.yaml: look an item up, then place an order in one transaction.
BEGIN;
-- name: lookup
SELECT price, stock FROM shop_bench.items WHERE id = :item AND region = :region;
-- name: place
INSERT INTO shop_bench.orders (id, item, region, amount) VALUES (:order_id, :item, :region, :amount::float8);
-- name: reserve
UPDATE shop_bench.items SET stock = stock - 1 WHERE id = :item;
COMMIT;
