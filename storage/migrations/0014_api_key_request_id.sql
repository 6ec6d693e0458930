-- CreateApiKey is idempotent on its request_id (AIP-155), like every other
-- create: a replay finds the key its first request created instead of
-- minting a second live key. The request's digest tells a replay from a
-- reuse of the id for another request. The plaintext key is still never
-- stored, so a replay returns the key without it.
ALTER TABLE poles.api_keys
  ADD COLUMN request_id text CHECK (length(request_id) <= 100),
  ADD COLUMN request_digest bytea CHECK (length(request_digest) = 32),
  ADD CONSTRAINT api_keys_request_check
    CHECK ((request_id IS NULL) = (request_digest IS NULL));
CREATE UNIQUE INDEX api_keys_request
  ON poles.api_keys ((COALESCE(tenant_slug, '')), request_id)
  WHERE request_id IS NOT NULL;
