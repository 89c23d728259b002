import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sort keys a worklist can read from an index instead of computing for every row of the region
 * on every request (issue #14):
 *
 * - `need.priority_score`: the need's priority score (src/modules/policy/priority.ts
 *   `elderNeedPriority`, in SQL here: the elder's facts under the county's weights, falling back
 *   to the defaults key by key, plus the capped days waited). Kept current by triggers when a
 *   need, its elder's facts or the county's weights change; the days waited and the age of 80
 *   move with the clock, so the worker re-scores every 10 minutes (`refreshNeedPriorities`),
 *   and a list sorted by priority is at most that old.
 * - `need.waiting_key`: minus the epoch of `coalesce(unmet_since, created_at)`, so "longest
 *   waiting first" is a descending sort like the others.
 * - `person (name, id)`: the register's order.
 *
 * The defaults below are those of DEFAULT_PRIORITY_WEIGHTS when this migration was written;
 * `test/integration/worklists.test.ts` checks the stored score against the one the API shows.
 */
const SCORE = `
  SELECT
      (CASE p.self_care_level::text
         WHEN 'INDEPENDENT' THEN COALESCE((w->'selfCare'->>'INDEPENDENT')::numeric, 0)
         WHEN 'PARTIAL' THEN COALESCE((w->'selfCare'->>'PARTIAL')::numeric, 20)
         WHEN 'DEPENDENT' THEN COALESCE((w->'selfCare'->>'DEPENDENT')::numeric, 40)
         ELSE 0 END)
    + (CASE WHEN p.lives_alone THEN COALESCE((w->>'livesAlone')::numeric, 15) ELSE 0 END)
    + (CASE WHEN p.bottom_line_household THEN COALESCE((w->>'bottomLineHousehold')::numeric, 15) ELSE 0 END)
    + (CASE WHEN p.disability::text <> 'NONE' THEN COALESCE((w->>'disability')::numeric, 10) ELSE 0 END)
    + (CASE WHEN extract(year FROM now() AT TIME ZONE 'Asia/Shanghai') - p.birth_year >= 80
            THEN COALESCE((w->>'aged80')::numeric, 10) ELSE 0 END)
    + LEAST(GREATEST(COALESCE(floor(extract(epoch FROM now() - unmet_since) / 86400), 0), 0),
            COALESCE((w->>'unmetDaysCap')::numeric, 30))
      * COALESCE((w->>'perUnmetDay')::numeric, 1)
  FROM person p
  LEFT JOIN LATERAL (SELECT cp.priority_weights AS w FROM county_policy cp WHERE cp.county_id = p.county_id) cp ON true
  WHERE p.id = elder`;

export class ListKeys1765100000000 implements MigrationInterface {
  name = 'ListKeys1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION need_priority_score(elder uuid, unmet_since timestamptz) RETURNS numeric
        LANGUAGE sql STABLE AS $$ ${SCORE} $$;
      COMMENT ON FUNCTION need_priority_score(uuid, timestamptz) IS
        'the priority score of a need of this elder, unmet since then (src/modules/policy/priority.ts)';

      ALTER TABLE need ADD COLUMN priority_score numeric, ADD COLUMN waiting_key double precision;
      UPDATE need SET priority_score = need_priority_score(elder_id, unmet_since),
                      waiting_key = -extract(epoch FROM coalesce(unmet_since, created_at));
      ALTER TABLE need ALTER COLUMN priority_score SET NOT NULL, ALTER COLUMN waiting_key SET NOT NULL;
      COMMENT ON COLUMN need.priority_score IS 'sort key: the priority score, at most 10 minutes old (need_priority_score)';
      COMMENT ON COLUMN need.waiting_key IS 'sort key: minus the epoch of coalesce(unmet_since, created_at)';

      CREATE FUNCTION need_list_keys() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.priority_score := need_priority_score(NEW.elder_id, NEW.unmet_since);
        NEW.waiting_key := -extract(epoch FROM coalesce(NEW.unmet_since, NEW.created_at));
        RETURN NEW;
      END $$;
      CREATE TRIGGER need_list_keys BEFORE INSERT OR UPDATE OF elder_id, unmet_since, created_at ON need
        FOR EACH ROW EXECUTE FUNCTION need_list_keys();

      CREATE FUNCTION person_need_priorities() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE need SET priority_score = need_priority_score(elder_id, unmet_since) WHERE elder_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER person_need_priorities AFTER UPDATE ON person FOR EACH ROW
        WHEN ((OLD.self_care_level, OLD.lives_alone, OLD.bottom_line_household, OLD.disability, OLD.birth_year, OLD.county_id)
              IS DISTINCT FROM
              (NEW.self_care_level, NEW.lives_alone, NEW.bottom_line_household, NEW.disability, NEW.birth_year, NEW.county_id))
        EXECUTE FUNCTION person_need_priorities();

      CREATE FUNCTION policy_need_priorities() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE county uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.county_id ELSE NEW.county_id END;
      BEGIN
        UPDATE need SET priority_score = need_priority_score(elder_id, unmet_since) WHERE county_id = county;
        RETURN NULL;
      END $$;
      CREATE TRIGGER policy_need_priorities_change AFTER UPDATE ON county_policy FOR EACH ROW
        WHEN (OLD.priority_weights IS DISTINCT FROM NEW.priority_weights)
        EXECUTE FUNCTION policy_need_priorities();
      CREATE TRIGGER policy_need_priorities_set AFTER INSERT OR DELETE ON county_policy FOR EACH ROW
        EXECUTE FUNCTION policy_need_priorities();

      CREATE INDEX need_priority_idx ON need (priority_score, waiting_key, id);
      CREATE INDEX need_waiting_idx ON need (waiting_key, id);
      CREATE INDEX person_name_idx ON person (name, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX person_name_idx;
      DROP TRIGGER policy_need_priorities_set ON county_policy;
      DROP TRIGGER policy_need_priorities_change ON county_policy;
      DROP FUNCTION policy_need_priorities();
      DROP TRIGGER person_need_priorities ON person;
      DROP FUNCTION person_need_priorities();
      DROP TRIGGER need_list_keys ON need;
      DROP FUNCTION need_list_keys();
      ALTER TABLE need DROP COLUMN priority_score, DROP COLUMN waiting_key;
      DROP FUNCTION need_priority_score(uuid, timestamptz);
    `);
  }
}
