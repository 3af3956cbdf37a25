"""Counts for 统计 kept by the database (issue 25): applications by office, day or month, 人员类别
and 审核状态; open positions and their 招收人数 by place and deadline day or month; favorites by
place. Triggers keep them in step with every write; they are counted once here from the rows
already there. Written out as on 2026-12-03 (services.tallies makes the same).
"""
import peewee as pw
from peewee_migrate import Migrator

SQLITE = (
    'CREATE TRIGGER IF NOT EXISTS tally_application_day_insert AFTER INSERT ON application BEGIN INSERT '
    'INTO application_day_count (region, day, category, status, count) SELECT new.jurisdiction_id AS '
    'region, substr(new.submitted_at, 1, 10) AS day, new.category AS category, new.status AS status, '
    '+(1) AS count WHERE 1 = 1 ON CONFLICT (region, day, category, status) DO UPDATE SET count = '
    'application_day_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_day_update AFTER UPDATE OF jurisdiction_id, '
    'submitted_at, category, status ON application BEGIN INSERT INTO application_day_count (region, day, '
    'category, status, count) SELECT old.jurisdiction_id AS region, substr(old.submitted_at, 1, 10) AS '
    'day, old.category AS category, old.status AS status, -(1) AS count WHERE 1 = 1 ON CONFLICT (region, '
    'day, category, status) DO UPDATE SET count = application_day_count.count + excluded.count; INSERT '
    'INTO application_day_count (region, day, category, status, count) SELECT new.jurisdiction_id AS '
    'region, substr(new.submitted_at, 1, 10) AS day, new.category AS category, new.status AS status, '
    '+(1) AS count WHERE 1 = 1 ON CONFLICT (region, day, category, status) DO UPDATE SET count = '
    'application_day_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_day_delete AFTER DELETE ON application BEGIN INSERT '
    'INTO application_day_count (region, day, category, status, count) SELECT old.jurisdiction_id AS '
    'region, substr(old.submitted_at, 1, 10) AS day, old.category AS category, old.status AS status, '
    '-(1) AS count WHERE 1 = 1 ON CONFLICT (region, day, category, status) DO UPDATE SET count = '
    'application_day_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_month_insert AFTER INSERT ON application BEGIN '
    'INSERT INTO application_month_count (region, month, category, status, count) SELECT '
    'new.jurisdiction_id AS region, substr(new.submitted_at, 1, 7) AS month, new.category AS category, '
    'new.status AS status, +(1) AS count WHERE 1 = 1 ON CONFLICT (region, month, category, status) DO '
    'UPDATE SET count = application_month_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_month_update AFTER UPDATE OF jurisdiction_id, '
    'submitted_at, category, status ON application BEGIN INSERT INTO application_month_count (region, '
    'month, category, status, count) SELECT old.jurisdiction_id AS region, substr(old.submitted_at, 1, '
    '7) AS month, old.category AS category, old.status AS status, -(1) AS count WHERE 1 = 1 ON CONFLICT '
    '(region, month, category, status) DO UPDATE SET count = application_month_count.count + '
    'excluded.count; INSERT INTO application_month_count (region, month, category, status, count) SELECT '
    'new.jurisdiction_id AS region, substr(new.submitted_at, 1, 7) AS month, new.category AS category, '
    'new.status AS status, +(1) AS count WHERE 1 = 1 ON CONFLICT (region, month, category, status) DO '
    'UPDATE SET count = application_month_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_application_month_delete AFTER DELETE ON application BEGIN '
    'INSERT INTO application_month_count (region, month, category, status, count) SELECT '
    'old.jurisdiction_id AS region, substr(old.submitted_at, 1, 7) AS month, old.category AS category, '
    'old.status AS status, -(1) AS count WHERE 1 = 1 ON CONFLICT (region, month, category, status) DO '
    'UPDATE SET count = application_month_count.count + excluded.count; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_day_insert AFTER INSERT ON position BEGIN INSERT '
    'INTO open_position_day_count (region, deadline, positions, openings) SELECT new.region_id AS '
    'region, new.deadline AS deadline, +(1) AS positions, +(new.openings) AS openings WHERE new.status = '
    "'open' ON CONFLICT (region, deadline) DO UPDATE SET positions = open_position_day_count.positions + "
    'excluded.positions, openings = open_position_day_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_day_update AFTER UPDATE OF region_id, deadline, '
    'status, openings ON position BEGIN INSERT INTO open_position_day_count (region, deadline, '
    'positions, openings) SELECT old.region_id AS region, old.deadline AS deadline, -(1) AS positions, '
    "-(old.openings) AS openings WHERE old.status = 'open' ON CONFLICT (region, deadline) DO UPDATE SET "
    'positions = open_position_day_count.positions + excluded.positions, openings = '
    'open_position_day_count.openings + excluded.openings; INSERT INTO open_position_day_count (region, '
    'deadline, positions, openings) SELECT new.region_id AS region, new.deadline AS deadline, +(1) AS '
    "positions, +(new.openings) AS openings WHERE new.status = 'open' ON CONFLICT (region, deadline) DO "
    'UPDATE SET positions = open_position_day_count.positions + excluded.positions, openings = '
    'open_position_day_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_day_delete AFTER DELETE ON position BEGIN INSERT '
    'INTO open_position_day_count (region, deadline, positions, openings) SELECT old.region_id AS '
    'region, old.deadline AS deadline, -(1) AS positions, -(old.openings) AS openings WHERE old.status = '
    "'open' ON CONFLICT (region, deadline) DO UPDATE SET positions = open_position_day_count.positions + "
    'excluded.positions, openings = open_position_day_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_month_insert AFTER INSERT ON position BEGIN INSERT '
    'INTO open_position_month_count (region, month, positions, openings) SELECT new.region_id AS region, '
    'substr(new.deadline, 1, 7) AS month, +(1) AS positions, +(new.openings) AS openings WHERE '
    "new.status = 'open' ON CONFLICT (region, month) DO UPDATE SET positions = "
    'open_position_month_count.positions + excluded.positions, openings = '
    'open_position_month_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_month_update AFTER UPDATE OF region_id, deadline, '
    'status, openings ON position BEGIN INSERT INTO open_position_month_count (region, month, positions, '
    'openings) SELECT old.region_id AS region, substr(old.deadline, 1, 7) AS month, -(1) AS positions, '
    "-(old.openings) AS openings WHERE old.status = 'open' ON CONFLICT (region, month) DO UPDATE SET "
    'positions = open_position_month_count.positions + excluded.positions, openings = '
    'open_position_month_count.openings + excluded.openings; INSERT INTO open_position_month_count '
    '(region, month, positions, openings) SELECT new.region_id AS region, substr(new.deadline, 1, 7) AS '
    "month, +(1) AS positions, +(new.openings) AS openings WHERE new.status = 'open' ON CONFLICT "
    '(region, month) DO UPDATE SET positions = open_position_month_count.positions + excluded.positions, '
    'openings = open_position_month_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_open_position_month_delete AFTER DELETE ON position BEGIN INSERT '
    'INTO open_position_month_count (region, month, positions, openings) SELECT old.region_id AS region, '
    'substr(old.deadline, 1, 7) AS month, -(1) AS positions, -(old.openings) AS openings WHERE '
    "old.status = 'open' ON CONFLICT (region, month) DO UPDATE SET positions = "
    'open_position_month_count.positions + excluded.positions, openings = '
    'open_position_month_count.openings + excluded.openings; END',
    'CREATE TRIGGER IF NOT EXISTS tally_favorite_insert AFTER INSERT ON favorite BEGIN INSERT INTO '
    'favorite_count (region, favorites) SELECT p.region_id AS region, +(1) AS favorites FROM position AS '
    'p WHERE 1 = 1 AND p.id = new.position_id ON CONFLICT (region) DO UPDATE SET favorites = '
    'favorite_count.favorites + excluded.favorites; END',
    'CREATE TRIGGER IF NOT EXISTS tally_favorite_update AFTER UPDATE OF position_id ON favorite BEGIN '
    'INSERT INTO favorite_count (region, favorites) SELECT p.region_id AS region, -(1) AS favorites FROM '
    'position AS p WHERE 1 = 1 AND p.id = old.position_id ON CONFLICT (region) DO UPDATE SET favorites = '
    'favorite_count.favorites + excluded.favorites; INSERT INTO favorite_count (region, favorites) '
    'SELECT p.region_id AS region, +(1) AS favorites FROM position AS p WHERE 1 = 1 AND p.id = '
    'new.position_id ON CONFLICT (region) DO UPDATE SET favorites = favorite_count.favorites + '
    'excluded.favorites; END',
    'CREATE TRIGGER IF NOT EXISTS tally_favorite_delete AFTER DELETE ON favorite BEGIN INSERT INTO '
    'favorite_count (region, favorites) SELECT p.region_id AS region, -(1) AS favorites FROM position AS '
    'p WHERE 1 = 1 AND p.id = old.position_id ON CONFLICT (region) DO UPDATE SET favorites = '
    'favorite_count.favorites + excluded.favorites; END',
    'CREATE TRIGGER IF NOT EXISTS tally_favorite_moved_update AFTER UPDATE OF region_id ON position '
    'BEGIN INSERT INTO favorite_count (region, favorites) SELECT old.region_id AS region, -((SELECT '
    'COUNT(*) FROM favorite AS f WHERE f.position_id = old.id)) AS favorites WHERE 1 = 1 ON CONFLICT '
    '(region) DO UPDATE SET favorites = favorite_count.favorites + excluded.favorites; INSERT INTO '
    'favorite_count (region, favorites) SELECT new.region_id AS region, +((SELECT COUNT(*) FROM favorite '
    'AS f WHERE f.position_id = new.id)) AS favorites WHERE 1 = 1 ON CONFLICT (region) DO UPDATE SET '
    'favorites = favorite_count.favorites + excluded.favorites; END',
)
POSTGRES = (
    'CREATE OR REPLACE FUNCTION tally_application_day() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
    "TG_OP = 'INSERT' THEN INSERT INTO application_day_count (region, day, category, status, count) "
    'SELECT region, day, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    'CAST(r.submitted_at AS date) AS day, r.category AS category, r.status AS status, +(1) AS count FROM '
    'new_rows AS r WHERE 1 = 1) AS changes GROUP BY region, day, category, status HAVING SUM(count) <> 0 '
    'ORDER BY region, day, category, status ON CONFLICT (region, day, category, status) DO UPDATE SET '
    "count = application_day_count.count + excluded.count; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO "
    'application_day_count (region, day, category, status, count) SELECT region, day, category, status, '
    'SUM(count) FROM (SELECT r.jurisdiction_id AS region, CAST(r.submitted_at AS date) AS day, '
    'r.category AS category, r.status AS status, -(1) AS count FROM old_rows AS r WHERE 1 = 1 UNION ALL '
    'SELECT r.jurisdiction_id AS region, CAST(r.submitted_at AS date) AS day, r.category AS category, '
    'r.status AS status, +(1) AS count FROM new_rows AS r WHERE 1 = 1) AS changes GROUP BY region, day, '
    'category, status HAVING SUM(count) <> 0 ORDER BY region, day, category, status ON CONFLICT (region, '
    'day, category, status) DO UPDATE SET count = application_day_count.count + excluded.count; ELSIF '
    "TG_OP = 'DELETE' THEN INSERT INTO application_day_count (region, day, category, status, count) "
    'SELECT region, day, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    'CAST(r.submitted_at AS date) AS day, r.category AS category, r.status AS status, -(1) AS count FROM '
    'old_rows AS r WHERE 1 = 1) AS changes GROUP BY region, day, category, status HAVING SUM(count) <> 0 '
    'ORDER BY region, day, category, status ON CONFLICT (region, day, category, status) DO UPDATE SET '
    'count = application_day_count.count + excluded.count; END IF; RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_application_day_insert AFTER INSERT ON application REFERENCING NEW '
    'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_day()',
    'CREATE OR REPLACE TRIGGER tally_application_day_update AFTER UPDATE ON application REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_day()',
    'CREATE OR REPLACE TRIGGER tally_application_day_delete AFTER DELETE ON application REFERENCING OLD '
    'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_day()',
    'CREATE OR REPLACE FUNCTION tally_application_month() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
    "IF TG_OP = 'INSERT' THEN INSERT INTO application_month_count (region, month, category, status, "
    'count) SELECT region, month, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    "to_char(r.submitted_at, 'YYYY-MM') AS month, r.category AS category, r.status AS status, +(1) AS "
    'count FROM new_rows AS r WHERE 1 = 1) AS changes GROUP BY region, month, category, status HAVING '
    'SUM(count) <> 0 ORDER BY region, month, category, status ON CONFLICT (region, month, category, '
    'status) DO UPDATE SET count = application_month_count.count + excluded.count; ELSIF TG_OP = '
    "'UPDATE' THEN INSERT INTO application_month_count (region, month, category, status, count) SELECT "
    'region, month, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    "to_char(r.submitted_at, 'YYYY-MM') AS month, r.category AS category, r.status AS status, -(1) AS "
    'count FROM old_rows AS r WHERE 1 = 1 UNION ALL SELECT r.jurisdiction_id AS region, '
    "to_char(r.submitted_at, 'YYYY-MM') AS month, r.category AS category, r.status AS status, +(1) AS "
    'count FROM new_rows AS r WHERE 1 = 1) AS changes GROUP BY region, month, category, status HAVING '
    'SUM(count) <> 0 ORDER BY region, month, category, status ON CONFLICT (region, month, category, '
    'status) DO UPDATE SET count = application_month_count.count + excluded.count; ELSIF TG_OP = '
    "'DELETE' THEN INSERT INTO application_month_count (region, month, category, status, count) SELECT "
    'region, month, category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, '
    "to_char(r.submitted_at, 'YYYY-MM') AS month, r.category AS category, r.status AS status, -(1) AS "
    'count FROM old_rows AS r WHERE 1 = 1) AS changes GROUP BY region, month, category, status HAVING '
    'SUM(count) <> 0 ORDER BY region, month, category, status ON CONFLICT (region, month, category, '
    'status) DO UPDATE SET count = application_month_count.count + excluded.count; END IF; RETURN NULL; '
    'END $$',
    'CREATE OR REPLACE TRIGGER tally_application_month_insert AFTER INSERT ON application REFERENCING '
    'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_month()',
    'CREATE OR REPLACE TRIGGER tally_application_month_update AFTER UPDATE ON application REFERENCING '
    'OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
    'tally_application_month()',
    'CREATE OR REPLACE TRIGGER tally_application_month_delete AFTER DELETE ON application REFERENCING '
    'OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_application_month()',
    'CREATE OR REPLACE FUNCTION tally_open_position_day() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
    "IF TG_OP = 'INSERT' THEN INSERT INTO open_position_day_count (region, deadline, positions, "
    'openings) SELECT region, deadline, SUM(positions), SUM(openings) FROM (SELECT r.region_id AS '
    'region, r.deadline AS deadline, +(1) AS positions, +(r.openings) AS openings FROM new_rows AS r '
    "WHERE r.status = 'open') AS changes GROUP BY region, deadline HAVING SUM(positions) <> 0 OR "
    'SUM(openings) <> 0 ORDER BY region, deadline ON CONFLICT (region, deadline) DO UPDATE SET positions '
    '= open_position_day_count.positions + excluded.positions, openings = '
    "open_position_day_count.openings + excluded.openings; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO "
    'open_position_day_count (region, deadline, positions, openings) SELECT region, deadline, '
    'SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, r.deadline AS deadline, -(1) AS '
    "positions, -(r.openings) AS openings FROM old_rows AS r WHERE r.status = 'open' UNION ALL SELECT "
    'r.region_id AS region, r.deadline AS deadline, +(1) AS positions, +(r.openings) AS openings FROM '
    "new_rows AS r WHERE r.status = 'open') AS changes GROUP BY region, deadline HAVING SUM(positions) "
    '<> 0 OR SUM(openings) <> 0 ORDER BY region, deadline ON CONFLICT (region, deadline) DO UPDATE SET '
    'positions = open_position_day_count.positions + excluded.positions, openings = '
    "open_position_day_count.openings + excluded.openings; ELSIF TG_OP = 'DELETE' THEN INSERT INTO "
    'open_position_day_count (region, deadline, positions, openings) SELECT region, deadline, '
    'SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, r.deadline AS deadline, -(1) AS '
    "positions, -(r.openings) AS openings FROM old_rows AS r WHERE r.status = 'open') AS changes GROUP "
    'BY region, deadline HAVING SUM(positions) <> 0 OR SUM(openings) <> 0 ORDER BY region, deadline ON '
    'CONFLICT (region, deadline) DO UPDATE SET positions = open_position_day_count.positions + '
    'excluded.positions, openings = open_position_day_count.openings + excluded.openings; END IF; RETURN '
    'NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_open_position_day_insert AFTER INSERT ON position REFERENCING NEW '
    'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_open_position_day()',
    'CREATE OR REPLACE TRIGGER tally_open_position_day_update AFTER UPDATE ON position REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
    'tally_open_position_day()',
    'CREATE OR REPLACE TRIGGER tally_open_position_day_delete AFTER DELETE ON position REFERENCING OLD '
    'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_open_position_day()',
    'CREATE OR REPLACE FUNCTION tally_open_position_month() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
    "IF TG_OP = 'INSERT' THEN INSERT INTO open_position_month_count (region, month, positions, openings) "
    'SELECT region, month, SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, '
    "to_char(r.deadline, 'YYYY-MM') AS month, +(1) AS positions, +(r.openings) AS openings FROM new_rows "
    "AS r WHERE r.status = 'open') AS changes GROUP BY region, month HAVING SUM(positions) <> 0 OR "
    'SUM(openings) <> 0 ORDER BY region, month ON CONFLICT (region, month) DO UPDATE SET positions = '
    'open_position_month_count.positions + excluded.positions, openings = '
    "open_position_month_count.openings + excluded.openings; ELSIF TG_OP = 'UPDATE' THEN INSERT INTO "
    'open_position_month_count (region, month, positions, openings) SELECT region, month, '
    "SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, to_char(r.deadline, 'YYYY-MM') AS "
    "month, -(1) AS positions, -(r.openings) AS openings FROM old_rows AS r WHERE r.status = 'open' "
    "UNION ALL SELECT r.region_id AS region, to_char(r.deadline, 'YYYY-MM') AS month, +(1) AS positions, "
    "+(r.openings) AS openings FROM new_rows AS r WHERE r.status = 'open') AS changes GROUP BY region, "
    'month HAVING SUM(positions) <> 0 OR SUM(openings) <> 0 ORDER BY region, month ON CONFLICT (region, '
    'month) DO UPDATE SET positions = open_position_month_count.positions + excluded.positions, openings '
    "= open_position_month_count.openings + excluded.openings; ELSIF TG_OP = 'DELETE' THEN INSERT INTO "
    'open_position_month_count (region, month, positions, openings) SELECT region, month, '
    "SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, to_char(r.deadline, 'YYYY-MM') AS "
    "month, -(1) AS positions, -(r.openings) AS openings FROM old_rows AS r WHERE r.status = 'open') AS "
    'changes GROUP BY region, month HAVING SUM(positions) <> 0 OR SUM(openings) <> 0 ORDER BY region, '
    'month ON CONFLICT (region, month) DO UPDATE SET positions = open_position_month_count.positions + '
    'excluded.positions, openings = open_position_month_count.openings + excluded.openings; END IF; '
    'RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_open_position_month_insert AFTER INSERT ON position REFERENCING NEW '
    'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_open_position_month()',
    'CREATE OR REPLACE TRIGGER tally_open_position_month_update AFTER UPDATE ON position REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
    'tally_open_position_month()',
    'CREATE OR REPLACE TRIGGER tally_open_position_month_delete AFTER DELETE ON position REFERENCING OLD '
    'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_open_position_month()',
    'CREATE OR REPLACE FUNCTION tally_favorite() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = '
    "'INSERT' THEN INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) FROM "
    '(SELECT p.region_id AS region, +(1) AS favorites FROM new_rows AS r, position AS p WHERE 1 = 1 AND '
    'p.id = r.position_id) AS changes GROUP BY region HAVING SUM(favorites) <> 0 ORDER BY region ON '
    'CONFLICT (region) DO UPDATE SET favorites = favorite_count.favorites + excluded.favorites; ELSIF '
    "TG_OP = 'UPDATE' THEN INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) "
    'FROM (SELECT p.region_id AS region, -(1) AS favorites FROM old_rows AS r, position AS p WHERE 1 = 1 '
    'AND p.id = r.position_id UNION ALL SELECT p.region_id AS region, +(1) AS favorites FROM new_rows AS '
    'r, position AS p WHERE 1 = 1 AND p.id = r.position_id) AS changes GROUP BY region HAVING '
    'SUM(favorites) <> 0 ORDER BY region ON CONFLICT (region) DO UPDATE SET favorites = '
    "favorite_count.favorites + excluded.favorites; ELSIF TG_OP = 'DELETE' THEN INSERT INTO "
    'favorite_count (region, favorites) SELECT region, SUM(favorites) FROM (SELECT p.region_id AS '
    'region, -(1) AS favorites FROM old_rows AS r, position AS p WHERE 1 = 1 AND p.id = r.position_id) '
    'AS changes GROUP BY region HAVING SUM(favorites) <> 0 ORDER BY region ON CONFLICT (region) DO '
    'UPDATE SET favorites = favorite_count.favorites + excluded.favorites; END IF; RETURN NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_favorite_insert AFTER INSERT ON favorite REFERENCING NEW TABLE AS '
    'new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_favorite()',
    'CREATE OR REPLACE TRIGGER tally_favorite_update AFTER UPDATE ON favorite REFERENCING OLD TABLE AS '
    'old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_favorite()',
    'CREATE OR REPLACE TRIGGER tally_favorite_delete AFTER DELETE ON favorite REFERENCING OLD TABLE AS '
    'old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_favorite()',
    'CREATE OR REPLACE FUNCTION tally_favorite_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
    "TG_OP = 'UPDATE' THEN INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) "
    'FROM (SELECT r.region_id AS region, -((SELECT COUNT(*) FROM favorite AS f WHERE f.position_id = '
    'r.id)) AS favorites FROM old_rows AS r WHERE 1 = 1 UNION ALL SELECT r.region_id AS region, '
    '+((SELECT COUNT(*) FROM favorite AS f WHERE f.position_id = r.id)) AS favorites FROM new_rows AS r '
    'WHERE 1 = 1) AS changes GROUP BY region HAVING SUM(favorites) <> 0 ORDER BY region ON CONFLICT '
    '(region) DO UPDATE SET favorites = favorite_count.favorites + excluded.favorites; END IF; RETURN '
    'NULL; END $$',
    'CREATE OR REPLACE TRIGGER tally_favorite_moved_update AFTER UPDATE ON position REFERENCING OLD '
    'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_favorite_moved()',
)
COUNT_SQLITE = (
    'INSERT INTO application_day_count (region, day, category, status, count) SELECT region, day, '
    'category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, substr(r.submitted_at, 1, '
    '10) AS day, r.category AS category, r.status AS status, +(1) AS count FROM application AS r WHERE 1 '
    '= 1) AS found GROUP BY region, day, category, status',
    'INSERT INTO application_month_count (region, month, category, status, count) SELECT region, month, '
    'category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, substr(r.submitted_at, 1, 7) '
    'AS month, r.category AS category, r.status AS status, +(1) AS count FROM application AS r WHERE 1 = '
    '1) AS found GROUP BY region, month, category, status',
    'INSERT INTO open_position_day_count (region, deadline, positions, openings) SELECT region, '
    'deadline, SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, r.deadline AS deadline, '
    "+(1) AS positions, +(r.openings) AS openings FROM position AS r WHERE r.status = 'open') AS found "
    'GROUP BY region, deadline',
    'INSERT INTO open_position_month_count (region, month, positions, openings) SELECT region, month, '
    'SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, substr(r.deadline, 1, 7) AS '
    "month, +(1) AS positions, +(r.openings) AS openings FROM position AS r WHERE r.status = 'open') AS "
    'found GROUP BY region, month',
    'INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) FROM (SELECT '
    'p.region_id AS region, +(1) AS favorites FROM favorite AS r, position AS p WHERE 1 = 1 AND p.id = '
    'r.position_id) AS found GROUP BY region',
)
COUNT_POSTGRES = (
    'INSERT INTO application_day_count (region, day, category, status, count) SELECT region, day, '
    'category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, CAST(r.submitted_at AS date) '
    'AS day, r.category AS category, r.status AS status, +(1) AS count FROM application AS r WHERE 1 = '
    '1) AS found GROUP BY region, day, category, status',
    'INSERT INTO application_month_count (region, month, category, status, count) SELECT region, month, '
    'category, status, SUM(count) FROM (SELECT r.jurisdiction_id AS region, to_char(r.submitted_at, '
    "'YYYY-MM') AS month, r.category AS category, r.status AS status, +(1) AS count FROM application AS "
    'r WHERE 1 = 1) AS found GROUP BY region, month, category, status',
    'INSERT INTO open_position_day_count (region, deadline, positions, openings) SELECT region, '
    'deadline, SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, r.deadline AS deadline, '
    "+(1) AS positions, +(r.openings) AS openings FROM position AS r WHERE r.status = 'open') AS found "
    'GROUP BY region, deadline',
    'INSERT INTO open_position_month_count (region, month, positions, openings) SELECT region, month, '
    "SUM(positions), SUM(openings) FROM (SELECT r.region_id AS region, to_char(r.deadline, 'YYYY-MM') AS "
    "month, +(1) AS positions, +(r.openings) AS openings FROM position AS r WHERE r.status = 'open') AS "
    'found GROUP BY region, month',
    'INSERT INTO favorite_count (region, favorites) SELECT region, SUM(favorites) FROM (SELECT '
    'p.region_id AS region, +(1) AS favorites FROM favorite AS r, position AS p WHERE 1 = 1 AND p.id = '
    'r.position_id) AS found GROUP BY region',
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the counts' tables and their triggers, and count what is there."""

    @migrator.create_model
    class ApplicationDayCount(pw.Model):
        region = pw.CharField(max_length=6)
        day = pw.DateField()
        category = pw.CharField(max_length=10)
        status = pw.CharField(max_length=10)
        count = pw.IntegerField(default=0)

        class Meta:
            table_name = "application_day_count"
            primary_key = pw.CompositeKey("region", "day", "category", "status")

    @migrator.create_model
    class ApplicationMonthCount(pw.Model):
        region = pw.CharField(max_length=6)
        month = pw.CharField(max_length=7)
        category = pw.CharField(max_length=10)
        status = pw.CharField(max_length=10)
        count = pw.IntegerField(default=0)

        class Meta:
            table_name = "application_month_count"
            primary_key = pw.CompositeKey("region", "month", "category", "status")

    @migrator.create_model
    class OpenPositionDayCount(pw.Model):
        region = pw.CharField(max_length=6)
        deadline = pw.DateField()
        positions = pw.IntegerField(default=0)
        openings = pw.IntegerField(default=0)

        class Meta:
            table_name = "open_position_day_count"
            primary_key = pw.CompositeKey("region", "deadline")

    @migrator.create_model
    class OpenPositionMonthCount(pw.Model):
        region = pw.CharField(max_length=6)
        month = pw.CharField(max_length=7)
        positions = pw.IntegerField(default=0)
        openings = pw.IntegerField(default=0)

        class Meta:
            table_name = "open_position_month_count"
            primary_key = pw.CompositeKey("region", "month")

    @migrator.create_model
    class FavoriteCount(pw.Model):
        region = pw.CharField(max_length=6, primary_key=True)
        favorites = pw.IntegerField(default=0)

        class Meta:
            table_name = "favorite_count"

    postgres = isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase)  # the app's db is a proxy
    for statement in (POSTGRES + COUNT_POSTGRES) if postgres else (SQLITE + COUNT_SQLITE):
        migrator.sql(statement)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("011 cannot be rolled back; restore the backup taken before the upgrade")
