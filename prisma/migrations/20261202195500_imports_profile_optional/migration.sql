-- An imported row measured on a dataset whose token means match no traffic profile (within the
-- import tolerance) keeps its own token counts and belongs to no profile.
ALTER TABLE "benchmarks" ALTER COLUMN "traffic_profile_id" DROP NOT NULL;
