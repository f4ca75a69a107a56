-- One live record per cluster object: at most one PENDING/APPLIED/DELETING deployment per namespace and
-- name, so concurrent creates of the same name cannot all succeed (and deleting one cannot leave ghosts).
-- Older duplicates, if any, keep the newest live record and mark the rest FAILED first.
UPDATE "deployments" d
SET "state" = 'FAILED',
    "message" = 'superseded: another record owns this namespace/name'
WHERE d."state" IN ('PENDING', 'APPLIED', 'DELETING')
  AND EXISTS (
    SELECT 1 FROM "deployments" newer
    WHERE newer."namespace" = d."namespace" AND newer."name" = d."name"
      AND newer."state" IN ('PENDING', 'APPLIED', 'DELETING') AND newer."id" > d."id"
  );

CREATE UNIQUE INDEX "deployments_active_name_key" ON "deployments" ("namespace", "name")
WHERE "state" IN ('PENDING', 'APPLIED', 'DELETING');
